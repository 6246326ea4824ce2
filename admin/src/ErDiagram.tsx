import { For, Show } from 'solid-js';
import type { EntityDef, RelationDef } from './lib/meta';

const BOX_W = 180, ROW_H = 16, HEAD = 24, GAP_X = 130, GAP_Y = 50, COLS = 3;

/** Entity-relationship diagram: one box per entity (its fields), one line per relation labelled with its name and type. */
export function ErDiagram(props: { entities: EntityDef[]; relations: RelationDef[] }) {
  const height = (e: EntityDef) => HEAD + Math.min(e.fields.length, 10) * ROW_H + 8;
  const layout = () => {
    const pos = new Map<string, { x: number; y: number; h: number }>();
    const rowH: number[] = [];
    props.entities.forEach((e, i) => {
      const r = Math.floor(i / COLS);
      rowH[r] = Math.max(rowH[r] ?? 0, height(e));
    });
    props.entities.forEach((e, i) => {
      const r = Math.floor(i / COLS), c = i % COLS;
      const y = rowH.slice(0, r).reduce((a, b) => a + b + GAP_Y, 20);
      pos.set(e.name, { x: 20 + c * (BOX_W + GAP_X), y, h: height(e) });
    });
    const total = rowH.reduce((a, b) => a + b + GAP_Y, 20);
    return { pos, width: 20 + Math.min(COLS, props.entities.length) * (BOX_W + GAP_X), height: total };
  };
  const short = { one_to_one: '1:1', one_to_many: '1:n', many_to_many: 'n:m' } as Record<string, string>;
  return (
    <Show when={props.entities.length}>
      <div class="overflow-x-auto">
        <svg
          viewBox={`0 0 ${layout().width} ${layout().height}`} width={layout().width} class="max-w-none rounded border border-slate-200 bg-white"
          role="img" aria-label={`Entities: ${props.entities.map((e) => e.name).join(', ')}; relations: ${props.relations.map((r) => `${r.source} to ${r.target}`).join(', ') || 'none'}`}
        >
          <For each={props.relations}>
            {(r) => {
              const a = () => layout().pos.get(r.source), b = () => layout().pos.get(r.target);
              return (
                <Show when={a() && b()}>
                  <line x1={a()!.x + BOX_W / 2} y1={a()!.y + a()!.h / 2} x2={b()!.x + BOX_W / 2} y2={b()!.y + b()!.h / 2} stroke="#6366f1" stroke-width="1.5" stroke-dasharray={r.type === 'many_to_many' ? '5 3' : undefined} />
                  <text x={(a()!.x + b()!.x) / 2 + BOX_W / 2} y={(a()!.y + a()!.h / 2 + b()!.y + b()!.h / 2) / 2 - 4} font-size="11" text-anchor="middle" fill="#3730a3">
                    {r.name} ({short[r.type] ?? r.type})
                  </text>
                </Show>
              );
            }}
          </For>
          <For each={props.entities}>
            {(e) => {
              const p = () => layout().pos.get(e.name)!;
              return (
                <g>
                  <rect x={p().x} y={p().y} width={BOX_W} height={p().h} rx="6" fill="#ffffff" stroke="#334155" />
                  <rect x={p().x} y={p().y} width={BOX_W} height={HEAD} rx="6" fill="#312e81" />
                  <text x={p().x + 8} y={p().y + 16} font-size="12" font-weight="bold" fill="#ffffff">{e.name}</text>
                  <For each={e.fields.slice(0, 10)}>
                    {(f, i) => (
                      <text x={p().x + 8} y={p().y + HEAD + 13 + i() * ROW_H} font-size="11" fill="#0f172a">
                        {f.name === e.primary_key?.field ? 'PK ' : ''}{f.name}: {f.type}
                      </text>
                    )}
                  </For>
                  <Show when={e.fields.length > 10}>
                    <text x={p().x + BOX_W - 8} y={p().y + 16} font-size="10" text-anchor="end" fill="#c7d2fe">+{e.fields.length - 10}</text>
                  </Show>
                </g>
              );
            }}
          </For>
        </svg>
      </div>
    </Show>
  );
}
