import { For, Show } from 'solid-js';

interface Transition {
  from: string | string[];
  to: string;
  roles?: string[];
  guard?: string;
}

/** The states of a machine (and `states`, drawn even without transitions) on a circle, with an arrow per transition (labelled with its roles and guard). */
export function StateDiagram(props: { definition: { initial?: string; transitions?: Transition[] }; states?: string[] }) {
  const transitions = () => (Array.isArray(props.definition?.transitions) ? props.definition.transitions : []);
  const edges = () =>
    transitions().flatMap((t) => (Array.isArray(t.from) ? t.from : [t.from]).map((f) => ({ from: String(f), to: String(t.to), t })));
  const states = () => {
    const s = new Set<string>(props.states ?? []);
    if (props.definition?.initial) s.add(props.definition.initial);
    for (const e of edges()) (s.add(e.from), s.add(e.to));
    return [...s];
  };
  const W = 640, H = 300, R = 34;
  const marker = `arrow-${Math.random().toString(36).slice(2, 8)}`;
  const pos = (name: string) => {
    const list = states();
    const i = list.indexOf(name);
    const a = (2 * Math.PI * i) / Math.max(1, list.length) - Math.PI / 2;
    return { x: W / 2 + (W / 2 - 80) * Math.cos(a), y: H / 2 + (H / 2 - 50) * Math.sin(a) };
  };
  const line = (from: string, to: string) => {
    const a = pos(from), b = pos(to);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    // shift parallel edges (a→b and b→a) apart
    const nx = -dy / d * 6, ny = dx / d * 6;
    return { x1: a.x + (dx / d) * R + nx, y1: a.y + (dy / d) * R + ny, x2: b.x - (dx / d) * (R + 6) + nx, y2: b.y - (dy / d) * (R + 6) + ny };
  };
  return (
    <Show when={states().length} fallback={<p class="text-sm text-slate-500">No transitions to draw.</p>}>
      <svg viewBox={`0 0 ${W} ${H}`} class="h-auto w-full max-w-2xl rounded border border-slate-200 bg-white" role="img" aria-label={`States: ${states().join(', ')}`}>
        <defs>
          <marker id={marker} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#4338ca" />
          </marker>
        </defs>
        <For each={edges()}>
          {(e) => {
            const l = () => line(e.from, e.to);
            const label = [e.t.roles?.length ? e.t.roles.join('|') : '', e.t.guard ? 'guard' : ''].filter(Boolean).join(' · ');
            return (
              <g>
                <Show when={e.from !== e.to}>
                  <line x1={l().x1} y1={l().y1} x2={l().x2} y2={l().y2} stroke="#4338ca" stroke-width="1.5" marker-end={`url(#${marker})`} />
                </Show>
                <Show when={label}>
                  <text x={(l().x1 + l().x2) / 2} y={(l().y1 + l().y2) / 2 - 4} font-size="10" text-anchor="middle" fill="#334155">
                    {label}
                    <title>{[e.t.roles?.length ? `roles: ${e.t.roles.join(', ')}` : '', e.t.guard ? `guard: ${e.t.guard}` : ''].filter(Boolean).join('\n')}</title>
                  </text>
                </Show>
              </g>
            );
          }}
        </For>
        <For each={states()}>
          {(s) => (
            <g>
              <circle cx={pos(s).x} cy={pos(s).y} r={R} fill="#eef2ff" stroke="#3730a3" stroke-width={s === props.definition.initial ? 3 : 1.5} />
              <text x={pos(s).x} y={pos(s).y + 4} font-size="12" text-anchor="middle" fill="#1e1b4b">{s}</text>
            </g>
          )}
        </For>
      </svg>
    </Show>
  );
}
