import { createSignal, For, Index, Show } from 'solid-js';
import { action, ErrorBox } from '../components';
import { appApi } from '../lib/api';
import { StateDiagram } from '../StateDiagram';
import { type ActionForm, ActionsInput, Check, errorsByPath, fromAction, Group, JsonPreview, Pick, remaining, splitList, swap, Text, toAction, useEntityDefs, FieldMsg, invalid } from './parts';

interface TransitionForm {
  from: string[];
  to: string;
  roles: string;
  guard: string;
  actions: ActionForm[];
}
interface MachineForm {
  entity: string;
  field: string;
  active: boolean;
  initial: string;
  states: string[];
  transitions: TransitionForm[];
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

function toForm(row: any): MachineForm {
  const def = row?.definition ?? {};
  const transitions: TransitionForm[] = (Array.isArray(def.transitions) ? def.transitions : []).map((t: any) => ({
    from: asList(t.from),
    to: String(t.to ?? ''),
    roles: asList(t.roles).join(', '),
    guard: String(t.guard ?? ''),
    actions: (Array.isArray(t.actions) ? t.actions : []).map(toAction),
  }));
  const states = new Set<string>();
  if (def.initial) states.add(String(def.initial));
  for (const t of transitions) (t.from.forEach((s) => states.add(s)), t.to && states.add(t.to));
  return { entity: String(row?.entity ?? ''), field: String(row?.field ?? 'state'), active: row?.active !== false, initial: String(def.initial ?? ''), states: [...states], transitions };
}

/** The state machine as the API takes it. */
export function machineJson(f: MachineForm) {
  return {
    entity: f.entity,
    field: f.field,
    active: f.active,
    definition: {
      ...(f.initial ? { initial: f.initial } : {}),
      transitions: f.transitions.map((t) => ({
        from: t.from,
        to: t.to,
        roles: splitList(t.roles),
        ...(t.guard.trim() ? { guard: t.guard.trim() } : {}),
        actions: t.actions.map((a) => fromAction(a, 'transition')),
      })),
    },
  };
}

const T = 'definition.transitions';
const SHOWN = /^(entity|field|active|definition\.initial|definition\.transitions(\[\d+\](\.(from|to|roles|guard|actions)(\[\d+\](\.(type|entity|field|value|data|url|method|headers|event))?)?)?)?)$/;

/** Builds a state machine without JSON: states, initial state, transitions with roles, guards and actions. */
export function StateMachineBuilder(props: { app: string; row: any; onSaved: () => void; onCancel: () => void }) {
  const isNew = () => props.row === 'new';
  const [form, setForm] = createSignal<MachineForm>(isNew() ? { ...toForm({}), states: ['open'], initial: 'open' } : toForm(props.row));
  const [newState, setNewState] = createSignal('');
  const [entities] = useEntityDefs(() => props.app);
  const patch = (p: Partial<MachineForm>) => setForm({ ...form(), ...p });
  const setT = (i: number, p: Partial<TransitionForm>) => patch({ transitions: form().transitions.map((t, j) => (j === i ? { ...t, ...p } : t)) });
  const fields = () => entities()?.find((e) => e.name === form().entity)?.fields.map((x) => x.name) ?? [];

  const addState = () => {
    const s = newState().trim();
    if (!s || form().states.includes(s)) return;
    patch({ states: [...form().states, s], initial: form().initial || s });
    setNewState('');
  };
  const removeState = (s: string) =>
    patch({
      states: form().states.filter((x) => x !== s),
      initial: form().initial === s ? '' : form().initial,
      transitions: form().transitions.map((t) => ({ ...t, from: t.from.filter((x) => x !== s), to: t.to === s ? '' : t.to })),
    });
  const addTransition = () => {
    const st = form().states;
    patch({ transitions: [...form().transitions, { from: st.slice(0, 1), to: st[1] ?? st[0] ?? '', roles: '', guard: '', actions: [] }] });
    requestAnimationFrame(() => document.getElementById(`sm-t${form().transitions.length - 1}-to`)?.focus());
  };

  const save = action(async () => {
    const body = machineJson(form());
    const api = appApi(props.app);
    if (isNew()) await api.post('/_admin/state-machines', body);
    else await api.put(`/_admin/state-machines/${props.row.id}`, body);
    props.onSaved();
  });
  const errs = () => errorsByPath(save.error());
  const shown = (p: string) => {
    if (!SHOWN.test(p)) return false;
    const m = /^definition\.transitions\[(\d+)\]/.exec(p);
    return !m || Number(m[1]) < form().transitions.length;
  };

  return (
    <form class="space-y-3" data-testid="sm-builder" onSubmit={(e) => (e.preventDefault(), save.run())}>
      <div class="grid gap-2 sm:grid-cols-3">
        <Pick id="sm-entity" label="Entity" value={form().entity} options={entities()?.map((e) => e.name) ?? []} blank="(choose an entity)" onChange={(v) => patch({ entity: v })} msgs={errs().entity} />
        <Pick id="sm-field" label="Field it drives" value={form().field} options={fields()} blank="(choose a field)" onChange={(v) => patch({ field: v })} msgs={errs().field} />
        <div class="self-end pb-2">
          <Check id="sm-active" label="Active" checked={form().active} onChange={(v) => patch({ active: v })} msgs={errs().active} />
        </div>
      </div>

      <Group legend="States">
        <ul class="flex flex-wrap gap-1" aria-label="States">
          <For each={form().states}>
            {(s) => (
              <li class="inline-flex items-center gap-1 rounded-full border border-indigo-200 bg-indigo-50 py-0.5 pl-3 pr-1 text-sm" data-state={s}>
                {s}
                <button type="button" class="rounded-full px-1.5 text-xs hover:bg-indigo-200" aria-label={`Remove state ${s}`} onClick={() => removeState(s)}>×</button>
              </li>
            )}
          </For>
        </ul>
        <div class="flex items-end gap-1">
          <div class="flex-1">
            <label class="label" for="sm-new-state">New state</label>
            <input id="sm-new-state" class="input" value={newState()} onInput={(e) => setNewState(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addState())} />
          </div>
          <button type="button" class="btn" onClick={addState}>Add state</button>
        </div>
        <Pick id="sm-initial" label="Initial state (given to new records)" value={form().initial} options={form().states} blank="(none)" onChange={(v) => patch({ initial: v })} msgs={errs()['definition.initial']} />
      </Group>

      <div class="space-y-2">
        <h3 class="text-sm font-semibold">Transitions</h3>
        <FieldMsg id="sm-transitions" msgs={errs()[T]} />
        <Index each={form().transitions}>
          {(t, i) => {
            const id = (k: string) => `sm-t${i}-${k}`;
            const m = (k: string) => errs()[`${T}[${i}].${k}`];
            return (
              <Group
                legend={`Transition ${i + 1}: ${t().from.join(' | ') || '?'} → ${t().to || '?'}`}
                testid="transition"
                tools={
                  <>
                    <button type="button" class="btn btn-small" disabled={i === 0} aria-label={`Move transition ${i + 1} up`} onClick={() => patch({ transitions: swap(form().transitions, i, i - 1) })}>↑</button>
                    <button type="button" class="btn btn-small" disabled={i === form().transitions.length - 1} aria-label={`Move transition ${i + 1} down`} onClick={() => patch({ transitions: swap(form().transitions, i, i + 1) })}>↓</button>
                    <button type="button" class="btn btn-small" aria-label={`Remove transition ${i + 1}`} onClick={() => patch({ transitions: form().transitions.filter((_, j) => j !== i) })}>Remove</button>
                  </>
                }
              >
                <FieldMsg id={id('all')} msgs={errs()[`${T}[${i}]`]} />
                <div class="grid gap-2 sm:grid-cols-2">
                  <div role="group" aria-labelledby={id('from-lbl')} {...invalid(id('from'), m('from'))}>
                    <div id={id('from-lbl')} class="label">From (any of)</div>
                    <div class="flex flex-wrap gap-x-3 gap-y-1">
                      <For each={form().states}>
                        {(s) => (
                          <label class="inline-flex items-center gap-1 text-sm">
                            <input type="checkbox" checked={t().from.includes(s)} aria-label={`Transition ${i + 1} from ${s}`}
                              onChange={(e) => setT(i, { from: e.currentTarget.checked ? form().states.filter((x) => x === s || t().from.includes(x)) : t().from.filter((x) => x !== s) })} />
                            {s}
                          </label>
                        )}
                      </For>
                    </div>
                    <FieldMsg id={id('from')} msgs={m('from')} />
                  </div>
                  <Pick id={id('to')} label="To" value={t().to} options={form().states} blank="(choose)" onChange={(v) => setT(i, { to: v })} msgs={m('to')} />
                  <Text id={id('roles')} label="Roles allowed (comma-separated; empty: anyone)" value={t().roles} placeholder="manager, clerk" onInput={(v) => setT(i, { roles: v })} msgs={m('roles')} />
                  <Text id={id('guard')} label="Guard (expression that must be true)" mono value={t().guard} placeholder="record.qty > 0" onInput={(v) => setT(i, { guard: v })} msgs={m('guard')} />
                </div>
                <div>
                  <div class="label">Actions (run in order when the transition happens)</div>
                  <FieldMsg id={id('actions')} msgs={m('actions')} />
                  <ActionsInput id={id('a')} at={`${T}[${i}].actions`} mode="transition" actions={t().actions} onChange={(a) => setT(i, { actions: a })}
                    entities={entities() ?? []} entity={form().entity} errs={errs()} />
                </div>
              </Group>
            );
          }}
        </Index>
        <button type="button" class="btn" disabled={!form().states.length} onClick={addTransition}>Add transition</button>
      </div>

      <StateDiagram definition={machineJson(form()).definition} states={form().states} />
      <JsonPreview value={machineJson(form())} />
      <ErrorBox error={remaining(save.error(), shown)} title="The server refused it" />
      <Show when={save.error() && !remaining(save.error(), shown)}>
        <p role="alert" class="field-error">The server refused it: see the messages next to the inputs.</p>
      </Show>
      <div class="flex gap-2">
        <button class="btn btn-primary" type="submit" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save'}</button>
        <button class="btn" type="button" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}
