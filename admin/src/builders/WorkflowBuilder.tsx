import { createSignal, For, Index, Show } from 'solid-js';
import { action, ErrorBox } from '../components';
import { ApiError, appApi } from '../lib/api';
import { type ActionForm, ActionsInput, Check, errorsByPath, FieldMsg, fromAction, Group, JsonPreview, type Pair, PairsInput, Pick, remaining, swap, Text, toAction, toPairs, useEntityDefs } from './parts';

const STEP_TYPES = [['approval', 'approval (waits for a person)'], ['condition', 'condition (branches)'], ['action', 'action (runs actions)']] as const;
const ASSIGNEES = [['role', 'anyone with a role'], ['fixed', 'one user (id)'], ['relation', 'the user a path names']] as const;

interface StepForm {
  id: string;
  type: string;
  expression: string;
  on_true: string;
  on_false: string;
  actions: ActionForm[];
  then: string;
  assigneeType: string;
  assignee: string;
  timeout: string;
  on_approve: string;
  on_reject: string;
  on_timeout: string; // '' = not set: a timed-out instance fails
}
interface WorkflowForm {
  name: string;
  active: boolean;
  entity: string;
  field: string;
  to: string;
  context: Pair[];
  steps: StepForm[];
}

/** A goto as stored ("end", {goto: id}, absent) → '' (absent), 'end' or a step id. */
function target(v: unknown): string {
  if (v === undefined || v === null) return '';
  const t = typeof v === 'object' ? (v as any).goto : v;
  return t === undefined || t === null || t === '' ? 'end' : String(t);
}
const goto = (t: string) => (t === '' ? undefined : t === 'end' ? 'end' : { goto: t });

function toStep(s: any): StepForm {
  const a = s?.assignee ?? {};
  const atype = String(a.type ?? 'role');
  const key = atype === 'fixed' ? 'user' : atype === 'relation' ? 'path' : 'role';
  return {
    id: String(s?.id ?? ''),
    type: String(s?.type ?? 'approval'),
    expression: String(s?.expression ?? ''),
    on_true: target(s?.on_true) || 'end',
    on_false: target(s?.on_false) || 'end',
    actions: (Array.isArray(s?.actions) ? s.actions : []).map(toAction),
    then: target(s?.then) || 'end',
    assigneeType: atype,
    assignee: String(a[key] ?? a.value ?? ''),
    timeout: String(s?.timeout ?? ''),
    on_approve: target(s?.on_approve) || 'end',
    on_reject: target(s?.on_reject) || 'end',
    on_timeout: target(s?.on_timeout),
  };
}

function toForm(row: any): WorkflowForm {
  const t = row?.trigger ?? {};
  return {
    name: String(row?.name ?? ''),
    active: row?.active !== false,
    entity: String(t.entity ?? ''),
    field: String(t.field ?? 'state'),
    to: t.to === undefined ? '' : String(t.to),
    context: row ? toPairs(row.context) : [],
    steps: (Array.isArray(row?.steps) ? row.steps : []).map(toStep),
  };
}

function stepJson(s: StepForm): Record<string, unknown> {
  const base = { id: s.id, type: s.type };
  switch (s.type) {
    case 'condition':
      return { ...base, expression: s.expression, on_true: goto(s.on_true), on_false: goto(s.on_false) };
    case 'action':
      return { ...base, actions: s.actions.map((a) => fromAction(a, 'workflow')), then: goto(s.then) };
    default: {
      const key = s.assigneeType === 'fixed' ? 'user' : s.assigneeType === 'relation' ? 'path' : 'role';
      const out: Record<string, unknown> = { ...base, assignee: { type: s.assigneeType, [key]: s.assignee } };
      if (s.timeout.trim()) out.timeout = s.timeout.trim();
      out.on_approve = goto(s.on_approve);
      out.on_reject = goto(s.on_reject);
      if (s.on_timeout) out.on_timeout = goto(s.on_timeout);
      return out;
    }
  }
}

/** The workflow as the API takes it. */
export function workflowJson(f: WorkflowForm) {
  return {
    name: f.name,
    active: f.active,
    trigger: { type: 'state_change', entity: f.entity, field: f.field, to: f.to },
    context: Object.fromEntries(f.context.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value.text])),
    steps: f.steps.map(stepJson),
  };
}

/**
 * The error paths the builder shows next to an input: the server names each faulty item by its path
 * (trigger.entity, steps[2].timeout, steps[1].actions[0].url); anything else goes to the box under the form.
 */
const SHOWN = new RegExp(
  '^(name|active|context|steps|trigger(\\.(type|entity|field|to))?' +
    '|steps\\[\\d+\\](\\.(id|type|expression|on_true|on_false|assignee|timeout|on_approve|on_reject|on_timeout|then|actions))?' +
    '|steps\\[\\d+\\]\\.actions\\[\\d+\\](\\.(type|entity|record_id|field|value|data|url|method|headers|event))?)$',
);

/** Builds a workflow without JSON: trigger, context, steps of each type with what follows each outcome. */
export function WorkflowBuilder(props: { app: string; row: any; onSaved: () => void; onCancel: () => void }) {
  const isNew = () => props.row === 'new';
  const [form, setForm] = createSignal<WorkflowForm>(
    isNew() ? { ...toForm(null), context: [{ key: 'record_id', value: { kind: 'text', text: 'trigger.record_id' } }], steps: [toStep({ id: 'approve', type: 'approval' })] } : toForm(props.row),
  );
  const [entities] = useEntityDefs(() => props.app);
  const patch = (p: Partial<WorkflowForm>) => setForm({ ...form(), ...p });
  const setS = (i: number, p: Partial<StepForm>) => patch({ steps: form().steps.map((s, j) => (j === i ? { ...s, ...p } : s)) });
  const ids = () => form().steps.map((s) => s.id).filter(Boolean);
  const fields = () => entities()?.find((e) => e.name === form().entity)?.fields.map((x) => x.name) ?? [];

  /** Renaming a step keeps the gotos that pointed at it. */
  const rename = (i: number, id: string) => {
    const old = form().steps[i].id;
    const fix = (t: string) => (old && t === old ? id : t);
    patch({
      steps: form().steps.map((s, j) => ({
        ...s, id: j === i ? id : s.id, on_true: fix(s.on_true), on_false: fix(s.on_false), then: fix(s.then),
        on_approve: fix(s.on_approve), on_reject: fix(s.on_reject), on_timeout: fix(s.on_timeout),
      })),
    });
  };
  /** Removing a step sends the gotos that pointed at it to the end. */
  const removeStep = (i: number) => {
    const gone = form().steps[i].id;
    const fix = (t: string) => (t === gone ? 'end' : t);
    patch({
      steps: form().steps.filter((_, j) => j !== i).map((s) => ({
        ...s, on_true: fix(s.on_true), on_false: fix(s.on_false), then: fix(s.then), on_approve: fix(s.on_approve), on_reject: fix(s.on_reject),
        on_timeout: s.on_timeout === gone ? 'end' : s.on_timeout,
      })),
    });
  };
  const addStep = (type: string) => {
    let n = form().steps.length + 1;
    while (ids().includes(`step${n}`)) n++;
    patch({ steps: [...form().steps, toStep({ id: `step${n}`, type })] });
    requestAnimationFrame(() => document.getElementById(`wf-s${form().steps.length - 1}-id`)?.focus());
  };

  const save = action(async () => {
    const body = workflowJson(form());
    const api = appApi(props.app);
    if (isNew()) await api.post('/_admin/workflows', body);
    else await api.put(`/_admin/workflows/${props.row.id}`, body);
    props.onSaved();
  });
  const errs = () => errorsByPath(save.error());
  const shown = (p: string) => SHOWN.test(p);
  const gotoOptions = (self: string, none?: string): [string, string][] => [
    ...(none ? ([['', none]] as [string, string][]) : []),
    ['end', 'end the workflow'],
    ...ids().filter((x) => x !== self).map((x) => [x, `go to ${x}`] as [string, string]),
  ];

  return (
    <form class="space-y-3" data-testid="wf-builder" onSubmit={(e) => (e.preventDefault(), save.run())}>
      <div class="grid gap-2 sm:grid-cols-3">
        <Text id="wf-name" class="sm:col-span-2" label="Name" value={form().name} onInput={(v) => patch({ name: v })} msgs={errs().name} />
        <div class="self-end pb-2">
          <Check id="wf-active" label="Active" checked={form().active} onChange={(v) => patch({ active: v })} msgs={errs().active} />
        </div>
      </div>

      <Group legend="Trigger: when a record's field gets a value">
        <div class="grid gap-2 sm:grid-cols-4">
          <Pick id="wf-trigger-type" label="Type" value="state_change" options={[['state_change', 'state change']]} onChange={() => undefined} msgs={errs()['trigger.type']} />
          <Pick id="wf-trigger-entity" label="Entity" value={form().entity} options={entities()?.map((e) => e.name) ?? []} blank="(choose)" onChange={(v) => patch({ entity: v })} msgs={errs()['trigger.entity']} />
          <Pick id="wf-trigger-field" label="Field" value={form().field} options={fields()} blank="(choose)" onChange={(v) => patch({ field: v })} msgs={errs()['trigger.field']} />
          <Text id="wf-trigger-to" label="Becomes" value={form().to} placeholder="review" onInput={(v) => patch({ to: v })} msgs={errs()['trigger.to']} />
        </div>
        <FieldMsg id="wf-trigger" msgs={errs().trigger} />
      </Group>

      <Group legend="Context">
        <PairsInput id="wf-context" label="Context values" keyLabel="name" valueLabel="path or text" textOnly pairs={form().context} onChange={(v) => patch({ context: v })} msgs={errs().context}
          hint="Each value is a path (trigger.record_id, trigger.record.total, record.total) or a literal text; steps read them as context.NAME." />
      </Group>

      <div class="space-y-2">
        <h3 class="text-sm font-semibold">Steps (the first one runs first)</h3>
        <FieldMsg id="wf-steps" msgs={errs().steps} />
        <Index each={form().steps}>
          {(s, i) => {
            const id = (k: string) => `wf-s${i}-${k}`;
            const m = (k: string) => errs()[`steps[${i}].${k}`];
            return (
              <Group
                legend={`Step ${i + 1}: ${s().id || '(no id)'} (${s().type})`}
                testid="step"
                tools={
                  <>
                    <button type="button" class="btn btn-small" disabled={i === 0} aria-label={`Move step ${i + 1} up`} onClick={() => patch({ steps: swap(form().steps, i, i - 1) })}>↑</button>
                    <button type="button" class="btn btn-small" disabled={i === form().steps.length - 1} aria-label={`Move step ${i + 1} down`} onClick={() => patch({ steps: swap(form().steps, i, i + 1) })}>↓</button>
                    <button type="button" class="btn btn-small" aria-label={`Remove step ${i + 1}`} onClick={() => removeStep(i)}>Remove</button>
                  </>
                }
              >
                <FieldMsg id={id('msgs')} msgs={errs()[`steps[${i}]`]} />
                <div class="grid gap-2 sm:grid-cols-2">
                  <Text id={id('id')} label="Step id" value={s().id} onInput={(v) => rename(i, v)} msgs={m('id')} />
                  <Pick id={id('type')} label="Type" value={s().type} options={STEP_TYPES as unknown as [string, string][]} onChange={(v) => setS(i, { type: v })} msgs={m('type')} />
                  <Show when={s().type === 'condition'}>
                    <Text id={id('expression')} class="sm:col-span-2" label="Expression (on context)" mono value={s().expression} placeholder="context.amount > 1000" onInput={(v) => setS(i, { expression: v })} msgs={m('expression')} />
                    <Pick id={id('on_true')} label="When true" value={s().on_true} options={gotoOptions(s().id)} onChange={(v) => setS(i, { on_true: v })} msgs={m('on_true')} />
                    <Pick id={id('on_false')} label="When false" value={s().on_false} options={gotoOptions(s().id)} onChange={(v) => setS(i, { on_false: v })} msgs={m('on_false')} />
                  </Show>
                  <Show when={s().type === 'approval'}>
                    <Pick id={id('assignee-type')} label="Who decides" value={s().assigneeType} options={ASSIGNEES as unknown as [string, string][]} onChange={(v) => setS(i, { assigneeType: v })} />
                    <Text id={id('assignee')} label={s().assigneeType === 'fixed' ? 'User id' : s().assigneeType === 'relation' ? 'Path (e.g. record.owner_id)' : 'Role'} value={s().assignee} onInput={(v) => setS(i, { assignee: v })} msgs={m('assignee')} />
                    <Text id={id('timeout')} label="Timeout (e.g. 48h, 90m, 1h30m; empty: none)" value={s().timeout} onInput={(v) => setS(i, { timeout: v })} msgs={m('timeout')} />
                    <Pick id={id('on_approve')} label="When approved" value={s().on_approve} options={gotoOptions(s().id)} onChange={(v) => setS(i, { on_approve: v })} msgs={m('on_approve')} />
                    <Pick id={id('on_reject')} label="When rejected" value={s().on_reject} options={gotoOptions(s().id)} onChange={(v) => setS(i, { on_reject: v })} msgs={m('on_reject')} />
                    <Pick id={id('on_timeout')} label="When timed out" value={s().on_timeout} options={gotoOptions(s().id, 'not set: the instance fails')} onChange={(v) => setS(i, { on_timeout: v })} msgs={m('on_timeout')} />
                  </Show>
                  <Show when={s().type === 'action'}>
                    <Pick id={id('then')} label="Then" value={s().then} options={gotoOptions(s().id)} onChange={(v) => setS(i, { then: v })} msgs={m('then')} />
                  </Show>
                </div>
                <Show when={s().type === 'action'}>
                  <div>
                    <div class="label">Actions</div>
                    <FieldMsg id={id('actions')} msgs={m('actions')} />
                    <ActionsInput id={id('a')} at={`steps[${i}].actions`} mode="workflow" actions={s().actions} onChange={(a) => setS(i, { actions: a })} entities={entities() ?? []} errs={errs()} />
                  </div>
                </Show>
              </Group>
            );
          }}
        </Index>
        <div class="flex flex-wrap gap-1">
          <For each={STEP_TYPES}>{([t]) => <button type="button" class="btn btn-small" onClick={() => addStep(t)}>Add {t} step</button>}</For>
        </div>
      </div>

      <JsonPreview value={workflowJson(form())} />
      <ErrorBox error={remaining(save.error(), shown)} title="The server refused it" />
      <Show when={save.error() instanceof ApiError && !remaining(save.error(), shown)}>
        <p role="alert" class="field-error">The server refused it: see the messages next to the inputs.</p>
      </Show>
      <div class="flex gap-2">
        <button class="btn btn-primary" type="submit" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save'}</button>
        <button class="btn" type="button" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}
