import { createResource, createSignal, Index, Show } from 'solid-js';
import { action, ErrorBox } from '../components';
import { appApi } from '../lib/api';
import { RuleTester } from '../RuleTester';
import { Check, errorsByPath, FieldMsg, fromScalar, Group, JsonPreview, type Pair, PairsInput, Pick, remaining, type Scalar, ScalarInput, Text, toPairs, toScalar, useEntityDefs, fromPairs, invalid } from './parts';

const HOOKS = [['before_write', 'before_write (create and update)'], ['after_write', 'after_write (in the transaction, can roll back)'], ['before_delete', 'before_delete']] as const;
const TYPES = [['field', 'field: a check of one field'], ['expression', 'expression: true means violated'], ['computed', 'computed: sets a field']] as const;
const OPERATORS = ['min', 'max', 'min_length', 'max_length', 'pattern', 'not_empty', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like'];
const NUMERIC = ['min', 'max', 'min_length', 'max_length'];

interface RuleForm {
  entity: string;
  hook: string;
  type: string;
  priority: string;
  active: boolean;
  field: string;
  operator: string;
  value: Scalar;
  expression: string;
  message: string;
  stop_on_fail: boolean;
  related: { relation: string; filter: Pair[] }[];
}

function toForm(row: any): RuleForm {
  // the legacy flat form keeps the rule's keys at the top level
  const d = row?.definition ?? row ?? {};
  return {
    entity: String(row?.entity ?? ''),
    hook: String(row?.hook ?? 'before_write'),
    type: String(row?.type ?? 'expression'),
    priority: String(row?.priority ?? 10),
    active: row?.active !== false,
    field: String(d.field ?? ''),
    operator: String(d.operator ?? 'min'),
    value: toScalar(d.value ?? ''),
    expression: String(d.expression ?? ''),
    message: String(d.message ?? ''),
    stop_on_fail: d.stop_on_fail === true,
    related: (Array.isArray(d.related_load) ? d.related_load : []).map((r: any) => ({ relation: String(r?.relation ?? ''), filter: toPairs(r?.filter) })),
  };
}

/** The rule as the API takes it: the definition carries the keys of its type only. */
export function ruleJson(f: RuleForm) {
  const def: Record<string, unknown> = {};
  if (f.type === 'field') {
    def.field = f.field;
    def.operator = f.operator;
    if (f.operator !== 'not_empty') def.value = fromScalar(f.value);
  } else {
    if (f.type === 'computed' || f.field) def.field = f.field;
    def.expression = f.expression;
    if (f.related.length) def.related_load = f.related.map((r) => ({ relation: r.relation, ...(r.filter.length ? { filter: fromPairs(r.filter) } : {}) }));
  }
  if (f.message.trim()) def.message = f.message;
  if (f.stop_on_fail) def.stop_on_fail = true;
  const prio = f.priority.trim();
  return { entity: f.entity, hook: f.hook, type: f.type, priority: /^-?\d+$/.test(prio) ? Number(prio) : prio, active: f.active, definition: def };
}

const SHOWN = /^(entity|hook|type|priority|active|definition\.(field|operator|value|expression|message|stop_on_fail|related_load(\[\d+\]\.(relation|filter))?))$/;

/** Builds a rule without JSON (field, expression or computed), with the live tester for its expression. */
export function RuleBuilder(props: { app: string; row: any; onSaved: () => void; onCancel: () => void }) {
  const isNew = () => props.row === 'new';
  const [form, setForm] = createSignal<RuleForm>(toForm(isNew() ? null : props.row));
  const [entities] = useEntityDefs(() => props.app);
  const [relations] = createResource(() => props.app, (a) => appApi(a).get<{ data: { name: string; source: string; target: string }[] }>('/_admin/relations').then((r) => r.data));
  const patch = (p: Partial<RuleForm>) => setForm({ ...form(), ...p });
  const fields = () => entities()?.find((e) => e.name === form().entity)?.fields.map((x) => x.name) ?? [];
  const relationsOf = () => (relations() ?? []).filter((r) => r.source === form().entity || r.target === form().entity).map((r) => r.name);
  const setOperator = (op: string) => {
    const kind = op === 'in' || op === 'not_in' ? 'list' : NUMERIC.includes(op) ? 'number' : form().value.kind === 'list' || form().value.kind === 'number' ? 'text' : form().value.kind;
    patch({ operator: op, value: { kind, text: form().value.text } });
  };

  const save = action(async () => {
    const body = ruleJson(form());
    const api = appApi(props.app);
    if (isNew()) await api.post('/_admin/rules', body);
    else await api.put(`/_admin/rules/${props.row.id}`, body);
    props.onSaved();
  });
  const errs = () => errorsByPath(save.error());
  const m = (k: string) => errs()[`definition.${k}`];

  return (
    <div class="space-y-3">
      <form class="space-y-3" data-testid="rule-builder" onSubmit={(e) => (e.preventDefault(), save.run())}>
        <div class="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          <Pick id="rule-entity" label="Entity" value={form().entity} options={entities()?.map((e) => e.name) ?? []} blank="(choose an entity)" onChange={(v) => patch({ entity: v })} msgs={errs().entity} />
          <Pick id="rule-hook" label="When" value={form().hook} options={HOOKS as unknown as [string, string][]} onChange={(v) => patch({ hook: v })} msgs={errs().hook} />
          <Pick id="rule-type" label="Type" value={form().type} options={TYPES as unknown as [string, string][]} onChange={(v) => patch({ type: v })} msgs={errs().type} />
          <div>
            <label class="label" for="rule-priority">Priority (lower runs first)</label>
            <input id="rule-priority" class="input" type="number" step="1" value={form().priority} onInput={(e) => patch({ priority: e.currentTarget.value })} {...invalid('rule-priority', errs().priority)} />
            <FieldMsg id="rule-priority" msgs={errs().priority} />
          </div>
          <div class="self-end pb-2">
            <Check id="rule-active" label="Active" checked={form().active} onChange={(v) => patch({ active: v })} msgs={errs().active} />
          </div>
          <div class="self-end pb-2">
            <Check id="rule-stop" label="Stop at the first failure (stop_on_fail)" checked={form().stop_on_fail} onChange={(v) => patch({ stop_on_fail: v })} msgs={m('stop_on_fail')} />
          </div>
        </div>

        <Show when={form().type === 'field'}>
          <div class="grid gap-2 sm:grid-cols-3">
            <Pick id="rule-field" label="Field" value={form().field} options={fields()} blank="(choose a field)" onChange={(v) => patch({ field: v })} msgs={m('field')} />
            <Pick id="rule-operator" label="Operator" value={form().operator} options={OPERATORS} onChange={setOperator} msgs={m('operator')} />
            <Show when={form().operator !== 'not_empty'}>
              <ScalarInput id="rule-value" label="Value" value={form().value} onChange={(v) => patch({ value: v })} msgs={m('value')}
                hint={form().operator === 'pattern' ? 'A regular expression; it may match anywhere in the value.' : form().operator === 'in' || form().operator === 'not_in' ? 'Comma-separated values.' : undefined} />
            </Show>
          </div>
        </Show>
        <Show when={form().type !== 'field'}>
          <div class="grid gap-2 sm:grid-cols-3">
            <div class="sm:col-span-2">
              <label class="label" for="rule-expression">{form().type === 'computed' ? 'Expression (its value is stored in the field)' : 'Expression (true means the record is refused)'}</label>
              <textarea id="rule-expression" class="input h-20 font-mono text-xs" spellcheck={false} value={form().expression} onInput={(e) => patch({ expression: e.currentTarget.value })} {...invalid('rule-expression', m('expression'))} />
              <FieldMsg id="rule-expression" msgs={m('expression')} />
            </div>
            <Pick id="rule-field" label={form().type === 'computed' ? 'Field it sets' : 'Field the message is about (optional)'} value={form().field} options={fields()} blank={form().type === 'computed' ? '(choose a field)' : '(none)'} onChange={(v) => patch({ field: v })} msgs={m('field')} />
          </div>
          <Group legend="Related records loaded for the expression (related_load)">
            <FieldMsg id="rule-related" msgs={m('related_load')} />
            <Index each={form().related}>
              {(r, i) => (
                <div class="flex flex-wrap items-start gap-2 border-b border-slate-100 pb-2">
                  <Pick id={`rule-rl${i}-relation`} label={`Relation ${i + 1}`} value={r().relation} options={relationsOf()} blank="(choose)" msgs={m(`related_load[${i}].relation`)}
                    onChange={(v) => patch({ related: form().related.map((x, j) => (j === i ? { ...x, relation: v } : x)) })} />
                  <div class="min-w-0 flex-1">
                    <PairsInput id={`rule-rl${i}-filter`} label={`Relation ${i + 1} filter`} keyLabel="filter" valueLabel="value" pairs={r().filter} msgs={m(`related_load[${i}].filter`)}
                      hint="As in a list query: status, qty.gt, …" onChange={(v) => patch({ related: form().related.map((x, j) => (j === i ? { ...x, filter: v } : x)) })} />
                  </div>
                  <button type="button" class="btn btn-small self-end" aria-label={`Remove relation ${i + 1}`} onClick={() => patch({ related: form().related.filter((_, j) => j !== i) })}>Remove</button>
                </div>
              )}
            </Index>
            <button type="button" class="btn btn-small" onClick={() => patch({ related: [...form().related, { relation: '', filter: [] }] })}>Add related records</button>
          </Group>
        </Show>
        <Text id="rule-message" label="Message when it fails (optional)" value={form().message} onInput={(v) => patch({ message: v })} msgs={m('message')} />

        <JsonPreview value={ruleJson(form())} />
        <ErrorBox error={remaining(save.error(), (p) => SHOWN.test(p))} title="The server refused it" />
        <Show when={save.error() && !remaining(save.error(), (p) => SHOWN.test(p))}>
          <p role="alert" class="field-error">The server refused it: see the messages next to the inputs.</p>
        </Show>
        <div class="flex gap-2">
          <button class="btn btn-primary" type="submit" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save'}</button>
          <button class="btn" type="button" onClick={() => props.onCancel()}>Cancel</button>
        </div>
      </form>
      <Show when={form().type !== 'field'}>
        <RuleTester app={props.app} expression={form().expression} entity={form().entity || undefined} type={form().type} />
      </Show>
    </div>
  );
}
