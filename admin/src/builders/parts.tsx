import { createResource, For, Index, type JSX, Show } from 'solid-js';
import { ApiError } from '../lib/api';
import { appApi } from '../lib/api';
import type { EntityDef } from '../lib/meta';

/**
 * Pieces shared by the rule, state-machine and workflow builders: typed values, key/value lists, actions,
 * and the mapping of the API's error details onto the inputs that caused them.
 */

// ---- error details by path ("definition.transitions[0].guard" → its messages)

export type Errors = Record<string, string[]>;

/** Every detail of a refused save that names a path, by that path. */
export function errorsByPath(e: unknown): Errors {
  const out: Errors = {};
  if (e instanceof ApiError) for (const d of e.details) if (d.field) (out[d.field] ??= []).push(d.message);
  return out;
}

/** The error without the details that `shown(path)` reports as displayed next to an input (null when none is left). */
export function remaining(e: unknown, shown: (path: string) => boolean): unknown {
  if (!(e instanceof ApiError)) return e;
  const rest = e.details.filter((d) => !d.field || !shown(d.field));
  if (e.details.length && !rest.length) return null;
  if (rest.length === e.details.length) return e;
  return new ApiError(e.status, e.code, e.message, rest, e.method, e.path);
}

/** Messages under an input; its id is `${id}-err` (the input's aria-describedby). */
export function FieldMsg(props: { id: string; msgs?: string[] }) {
  return (
    <Show when={props.msgs?.length}>
      <p id={`${props.id}-err`} class="field-error" data-testid="field-error">
        {props.msgs!.join('; ')}
      </p>
    </Show>
  );
}

/** aria attributes of an input whose messages FieldMsg shows. */
export const invalid = (id: string, msgs?: string[]) => ({
  'aria-invalid': msgs?.length ? ('true' as const) : undefined,
  'aria-describedby': msgs?.length ? `${id}-err` : undefined,
});

// ---- labelled inputs

export function Text(props: { id: string; label: string; value: string; onInput: (v: string) => void; msgs?: string[]; placeholder?: string; mono?: boolean; list?: string; class?: string; hint?: string }) {
  return (
    <div class={props.class}>
      <label class="label" for={props.id}>{props.label}</label>
      <input id={props.id} class={`input ${props.mono ? 'font-mono text-xs' : ''}`} value={props.value} placeholder={props.placeholder} list={props.list}
        onInput={(e) => props.onInput(e.currentTarget.value)} {...invalid(props.id, props.msgs)} />
      <Show when={props.hint}><p class="mt-0.5 text-xs text-slate-500">{props.hint}</p></Show>
      <FieldMsg id={props.id} msgs={props.msgs} />
    </div>
  );
}

export function Pick(props: { id: string; label: string; value: string; options: readonly (string | [string, string])[]; onChange: (v: string) => void; msgs?: string[]; class?: string; blank?: string }) {
  const opts = () => {
    const list = props.options.map((o) => (typeof o === 'string' ? ([o, o] as [string, string]) : o));
    // a stored value the list does not know stays selectable (and visible)
    if (props.value && !list.some(([v]) => v === props.value)) list.push([props.value, `${props.value} (unknown)`]);
    return list;
  };
  return (
    <div class={props.class}>
      <label class="label" for={props.id}>{props.label}</label>
      <select id={props.id} class="input" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} {...invalid(props.id, props.msgs)}>
        <Show when={props.blank !== undefined}><option value="">{props.blank}</option></Show>
        <For each={opts()}>{([v, l]) => <option value={v} selected={v === props.value}>{l}</option>}</For>
      </select>
      <FieldMsg id={props.id} msgs={props.msgs} />
    </div>
  );
}

export function Check(props: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; msgs?: string[] }) {
  return (
    <div>
      <label class="inline-flex items-center gap-2 text-sm" for={props.id}>
        <input id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} {...invalid(props.id, props.msgs)} />
        {props.label}
      </label>
      <FieldMsg id={props.id} msgs={props.msgs} />
    </div>
  );
}

/** A bordered group with a legend and a row of buttons (remove, move) at its right. */
export function Group(props: { legend: JSX.Element; tools?: JSX.Element; children: JSX.Element; testid?: string; class?: string }) {
  return (
    <fieldset class={`min-w-0 rounded border border-slate-200 p-3 ${props.class ?? ''}`} data-testid={props.testid}>
      <legend class="px-1 text-sm font-semibold">{props.legend}</legend>
      <Show when={props.tools}><div class="mb-2 flex flex-wrap justify-end gap-1">{props.tools}</div></Show>
      <div class="space-y-2">{props.children}</div>
    </fieldset>
  );
}

// ---- typed values

export const SCALAR_KINDS = ['text', 'number', 'boolean', 'null', 'list'] as const;
export type ScalarKind = (typeof SCALAR_KINDS)[number];
export interface Scalar {
  kind: ScalarKind;
  text: string;
}

export function toScalar(v: unknown): Scalar {
  if (v === null) return { kind: 'null', text: '' };
  if (typeof v === 'number') return { kind: 'number', text: String(v) };
  if (typeof v === 'boolean') return { kind: 'boolean', text: String(v) };
  if (Array.isArray(v)) return { kind: 'list', text: v.map((x) => String(x)).join(', ') };
  if (v !== undefined && typeof v === 'object') return { kind: 'text', text: JSON.stringify(v) };
  return { kind: 'text', text: v === undefined ? '' : String(v) };
}

const num = (s: string): unknown => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** The JSON value: a list's items become numbers when every item is one. */
export function fromScalar(s: Scalar): unknown {
  switch (s.kind) {
    case 'number':
      return num(s.text);
    case 'boolean':
      return s.text === 'true';
    case 'null':
      return null;
    case 'list': {
      const items = s.text.split(',').map((x) => x.trim()).filter((x) => x !== '');
      return items.length && items.every((x) => typeof num(x) === 'number') ? items.map(Number) : items;
    }
    default:
      return s.text;
  }
}

/** A value with its JSON type: text, number, true/false, null or a comma-separated list. */
export function ScalarInput(props: { id: string; label: string; value: Scalar; onChange: (s: Scalar) => void; msgs?: string[]; kinds?: readonly ScalarKind[]; hint?: string }) {
  return (
    <div class="min-w-0">
      <label class="label" for={props.id}>{props.label}</label>
      <div class="flex gap-1">
        <select id={`${props.id}-kind`} class="input w-28 shrink-0" aria-label={`${props.label}: type`} value={props.value.kind}
          onChange={(e) => props.onChange({ kind: e.currentTarget.value as ScalarKind, text: e.currentTarget.value === 'boolean' ? 'true' : props.value.text })}>
          <For each={props.kinds ?? SCALAR_KINDS}>{(k) => <option value={k} selected={k === props.value.kind}>{k}</option>}</For>
        </select>
        <Show when={props.value.kind === 'boolean'}>
          <select id={props.id} class="input" value={props.value.text} onChange={(e) => props.onChange({ kind: 'boolean', text: e.currentTarget.value })} {...invalid(props.id, props.msgs)}>
            <option value="true" selected={props.value.text === 'true'}>true</option>
            <option value="false" selected={props.value.text !== 'true'}>false</option>
          </select>
        </Show>
        <Show when={props.value.kind !== 'boolean' && props.value.kind !== 'null'}>
          <input id={props.id} class="input" value={props.value.text} inputMode={props.value.kind === 'number' ? 'decimal' : undefined}
            placeholder={props.value.kind === 'list' ? 'a, b, c' : ''} onInput={(e) => props.onChange({ kind: props.value.kind, text: e.currentTarget.value })}
            {...invalid(props.id, props.msgs)} />
        </Show>
      </div>
      <Show when={props.hint}><p class="mt-0.5 text-xs text-slate-500">{props.hint}</p></Show>
      <FieldMsg id={props.id} msgs={props.msgs} />
    </div>
  );
}

// ---- key/value lists (action data, headers, workflow context, related_load filters)

export interface Pair {
  key: string;
  value: Scalar;
}
export const toPairs = (o: unknown): Pair[] =>
  o && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o as Record<string, unknown>).map(([key, v]) => ({ key, value: toScalar(v) })) : [];
export const fromPairs = (ps: Pair[]): Record<string, unknown> => Object.fromEntries(ps.filter((p) => p.key.trim()).map((p) => [p.key.trim(), fromScalar(p.value)]));

export function PairsInput(props: { id: string; label: string; pairs: Pair[]; onChange: (p: Pair[]) => void; keyLabel?: string; valueLabel?: string; textOnly?: boolean; msgs?: string[]; hint?: string }) {
  const set = (i: number, p: Partial<Pair>) => props.onChange(props.pairs.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <div class="min-w-0" role="group" aria-labelledby={`${props.id}-lbl`}>
      <div id={`${props.id}-lbl`} class="label">{props.label}</div>
      <Show when={props.hint}><p class="mb-1 text-xs text-slate-500">{props.hint}</p></Show>
      <ul class="space-y-1">
        <Index each={props.pairs}>
          {(p, i) => (
            <li class="flex flex-wrap items-end gap-1 sm:flex-nowrap">
              <input id={`${props.id}-${i}-key`} class="input sm:w-40" aria-label={`${props.label} ${i + 1}: ${props.keyLabel ?? 'key'}`} placeholder={props.keyLabel ?? 'key'} value={p().key}
                onInput={(e) => set(i, { key: e.currentTarget.value })} />
              <Show when={!props.textOnly} fallback={
                <input id={`${props.id}-${i}-value`} class="input" aria-label={`${props.label} ${i + 1}: ${props.valueLabel ?? 'value'}`} placeholder={props.valueLabel ?? 'value'} value={p().value.text}
                  onInput={(e) => set(i, { value: { kind: 'text', text: e.currentTarget.value } })} />
              }>
                <div class="min-w-0 flex-1">
                  <ScalarInput id={`${props.id}-${i}-value`} label={`${props.label} ${i + 1}: ${props.valueLabel ?? 'value'}`} value={p().value} onChange={(v) => set(i, { value: v })} />
                </div>
              </Show>
              <button type="button" class="btn btn-small" aria-label={`Remove ${props.label} ${i + 1}`} onClick={() => props.onChange(props.pairs.filter((_, j) => j !== i))}>Remove</button>
            </li>
          )}
        </Index>
      </ul>
      <button type="button" class="btn btn-small mt-1" onClick={() => props.onChange([...props.pairs, { key: '', value: { kind: 'text', text: '' } }])}>Add {props.keyLabel ?? 'entry'}</button>
      <FieldMsg id={props.id} msgs={props.msgs} />
    </div>
  );
}

// ---- actions of transitions and workflow steps

export const ACTION_TYPES = ['set_field', 'create_record', 'webhook', 'send_event'] as const;
export interface ActionForm {
  type: string;
  entity: string;
  record_id: string;
  field: string;
  value: Scalar;
  data: Pair[];
  url: string;
  method: string;
  headers: Pair[];
  event: string;
}

export function toAction(a: any): ActionForm {
  return {
    type: String(a?.type ?? 'set_field'),
    entity: String(a?.entity ?? ''),
    record_id: String(a?.record_id ?? ''),
    field: String(a?.field ?? ''),
    value: toScalar(a?.value ?? ''),
    data: toPairs(a?.data),
    url: String(a?.url ?? ''),
    method: String(a?.method ?? 'POST'),
    headers: toPairs(a?.headers),
    event: String(a?.event ?? ''),
  };
}

/** The action as the API takes it; `transition` actions set a field of the record being written (no entity, record_id). */
export function fromAction(a: ActionForm, mode: 'transition' | 'workflow'): Record<string, unknown> {
  switch (a.type) {
    case 'set_field':
      return mode === 'transition'
        ? { type: a.type, field: a.field, value: fromScalar(a.value) }
        : { type: a.type, entity: a.entity, record_id: a.record_id, field: a.field, value: fromScalar(a.value) };
    case 'create_record':
      return { type: a.type, entity: a.entity, data: fromPairs(a.data) };
    case 'webhook': {
      const h = fromPairs(a.headers);
      return { type: a.type, url: a.url, method: a.method || 'POST', ...(Object.keys(h).length ? { headers: h } : {}) };
    }
    case 'send_event': {
      const d = fromPairs(a.data);
      return { type: a.type, event: a.event, ...(Object.keys(d).length ? { data: d } : {}) };
    }
    default:
      return { type: a.type };
  }
}

export const newAction = (): ActionForm => toAction({ type: 'set_field' });

/**
 * The actions of a transition or step. `at` is the error path of the list (e.g. definition.transitions[0].actions);
 * `errs` the error details by path; `stepMsgs` messages that name the list as a whole.
 */
export function ActionsInput(props: {
  id: string;
  at: string;
  mode: 'transition' | 'workflow';
  actions: ActionForm[];
  onChange: (a: ActionForm[]) => void;
  entities: EntityDef[];
  entity?: string; // the record's entity (transition actions)
  errs: Errors;
}) {
  const set = (i: number, p: Partial<ActionForm>) => props.onChange(props.actions.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const fieldsOf = (name: string) => props.entities.find((e) => e.name === name)?.fields.map((f) => f.name) ?? [];
  const entityNames = () => props.entities.map((e) => e.name);
  return (
    <div class="min-w-0 space-y-2">
      <Index each={props.actions}>
        {(a, i) => {
          const id = (k: string) => `${props.id}-${i}-${k}`;
          const m = (k: string) => props.errs[`${props.at}[${i}].${k}`];
          return (
            <Group
              legend={`Action ${i + 1}: ${a().type}`}
              testid="action"
              tools={
                <>
                  <button type="button" class="btn btn-small" disabled={i === 0} aria-label={`Move action ${i + 1} up`} onClick={() => props.onChange(swap(props.actions, i, i - 1))}>↑</button>
                  <button type="button" class="btn btn-small" disabled={i === props.actions.length - 1} aria-label={`Move action ${i + 1} down`} onClick={() => props.onChange(swap(props.actions, i, i + 1))}>↓</button>
                  <button type="button" class="btn btn-small" aria-label={`Remove action ${i + 1}`} onClick={() => props.onChange(props.actions.filter((_, j) => j !== i))}>Remove</button>
                </>
              }
            >
              <div class="grid gap-2 sm:grid-cols-2">
                <Pick id={id('type')} label="Type" value={a().type} options={ACTION_TYPES} onChange={(v) => set(i, { type: v })} msgs={[...(m('type') ?? []), ...(props.errs[`${props.at}[${i}]`] ?? [])]} />
                <Show when={a().type === 'set_field'}>
                  <Show when={props.mode === 'workflow'}>
                    <Pick id={id('entity')} label="Entity" value={a().entity} options={entityNames()} blank="(choose)" onChange={(v) => set(i, { entity: v })} msgs={m('entity')} />
                    <Text id={id('record_id')} label="Record id (path)" mono value={a().record_id} placeholder="context.record_id" onInput={(v) => set(i, { record_id: v })} msgs={m('record_id')} />
                  </Show>
                  <Pick id={id('field')} label="Field" value={a().field} options={fieldsOf(props.mode === 'workflow' ? a().entity : props.entity ?? '')} blank="(choose)" onChange={(v) => set(i, { field: v })} msgs={m('field')} />
                  <ScalarInput id={id('value')} label="Value" value={a().value} onChange={(v) => set(i, { value: v })} msgs={m('value')} hint='"now" sets the current time' />
                </Show>
                <Show when={a().type === 'create_record'}>
                  <Pick id={id('entity')} label="Entity" value={a().entity} options={entityNames()} blank="(choose)" onChange={(v) => set(i, { entity: v })} msgs={m('entity')} />
                  <PairsInput id={id('data')} label="Data" keyLabel="field" pairs={a().data} onChange={(v) => set(i, { data: v })} msgs={m('data')} />
                </Show>
                <Show when={a().type === 'webhook'}>
                  <Text id={id('url')} label="URL" value={a().url} placeholder="https://hooks.example.com/…" onInput={(v) => set(i, { url: v })} msgs={m('url')} />
                  <Pick id={id('method')} label="Method" value={a().method} options={['POST', 'PUT', 'PATCH', 'GET', 'DELETE']} onChange={(v) => set(i, { method: v })} msgs={m('method')} />
                  <PairsInput id={id('headers')} label="Headers" keyLabel="header" textOnly pairs={a().headers} onChange={(v) => set(i, { headers: v })} msgs={m('headers')} />
                </Show>
                <Show when={a().type === 'send_event'}>
                  <Text id={id('event')} label="Event name" value={a().event} onInput={(v) => set(i, { event: v })} msgs={m('event')} />
                  <PairsInput id={id('data')} label="Data" keyLabel="key" pairs={a().data} onChange={(v) => set(i, { data: v })} msgs={m('data')} />
                </Show>
              </div>
            </Group>
          );
        }}
      </Index>
      <button type="button" class="btn btn-small" onClick={() => props.onChange([...props.actions, newAction()])}>Add action</button>
    </div>
  );
}

export function swap<T>(list: T[], i: number, j: number): T[] {
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** Comma-separated names ↔ a list. */
export const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Every entity of the app with its definition (for entity and field choices). */
export function useEntityDefs(app: () => string) {
  return createResource(app, (a) =>
    appApi(a).get<{ data: { name: string; definition: EntityDef }[] }>('/_admin/entities').then((r) => r.data.map((e) => e.definition ?? ({ name: e.name, fields: [] } as unknown as EntityDef))),
  );
}

/** The document a builder will send, for reading (the same JSON the API takes). */
export function JsonPreview(props: { value: unknown }) {
  return (
    <details class="rounded border border-slate-200 p-2 text-sm">
      <summary class="cursor-pointer">JSON sent to the API</summary>
      <pre tabindex="0" class="mt-2 max-h-72 overflow-auto text-xs" data-testid="builder-json">{JSON.stringify(props.value, null, 2)}</pre>
    </details>
  );
}
