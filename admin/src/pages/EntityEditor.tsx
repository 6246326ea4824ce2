import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Index, Show } from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { action, ErrorBox, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import { FIELD_TYPES, jsonDiff, normType, PK_TYPES, plan, type EntityDef, type FieldDef } from '../lib/meta';

/** A field as the form edits it (texts for default/enum/precision); `extra` keeps keys the form does not know. */
interface DraftField {
  name: string;
  type: string;
  required: boolean;
  unique: boolean;
  nullable: boolean;
  index: boolean;
  defaultText: string;
  enumText: string;
  precision: string;
  auto: '' | 'create' | 'update';
  extra: Record<string, unknown>;
}
interface Draft {
  name: string;
  table: string;
  soft_delete: boolean;
  pk: { field: string; type: string; generated: boolean };
  fields: DraftField[];
}

const KNOWN = ['name', 'type', 'required', 'unique', 'nullable', 'index', 'default', 'enum', 'precision', 'auto'];

function toDraft(e: EntityDef): Draft {
  return {
    name: e.name,
    table: e.table,
    soft_delete: e.soft_delete !== false,
    pk: { ...e.primary_key },
    fields: e.fields.map((f) => ({
      name: f.name,
      type: normType(f.type),
      required: !!f.required,
      unique: !!f.unique,
      nullable: !!f.nullable,
      index: !!f.index,
      defaultText: f.default === undefined || f.default === null ? '' : typeof f.default === 'string' ? f.default : JSON.stringify(f.default),
      enumText: (f.enum ?? []).join(', '),
      precision: f.precision === undefined ? '' : String(f.precision),
      auto: f.auto ?? '',
      extra: Object.fromEntries(Object.entries(f).filter(([k]) => !KNOWN.includes(k))),
    })),
  };
}

function parseDefault(f: DraftField): unknown {
  const t = f.defaultText.trim();
  if (t === '') return undefined;
  if (['int', 'bigint', 'decimal'].includes(f.type)) return Number.isFinite(Number(t)) ? Number(t) : t;
  if (f.type === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
  if (f.type === 'json') {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  }
  return f.defaultText;
}

function toDefinition(d: Draft): EntityDef {
  return {
    name: d.name.trim(),
    table: d.table.trim(),
    primary_key: { field: d.pk.field, type: d.pk.type, generated: d.pk.generated },
    soft_delete: d.soft_delete,
    fields: d.fields.map((f) => {
      const out: FieldDef = { ...structuredClone(unwrap(f.extra)), name: f.name.trim(), type: f.type };
      if (f.required) out.required = true;
      if (f.unique) out.unique = true;
      if (f.nullable) out.nullable = true;
      if (f.index) out.index = true;
      const def = parseDefault(f);
      if (def !== undefined) out.default = def;
      const en = f.enumText.split(',').map((s) => s.trim()).filter(Boolean);
      if (en.length) out.enum = en;
      if (f.type === 'decimal' && f.precision.trim() !== '') out.precision = Number(f.precision);
      if (f.auto) out.auto = f.auto;
      return out;
    }),
  };
}

const blankField = (): DraftField => ({
  name: '', type: 'string', required: false, unique: false, nullable: false, index: false,
  defaultText: '', enumText: '', precision: '', auto: '', extra: {},
});

/**
 * Create or change an entity: name, table, primary key, soft delete and every field option. "Review changes"
 * shows the table changes and the definition diff; only "Apply" sends it.
 */
export default function EntityEditor() {
  const params = useParams() as Record<string, string>;
  const navigate = useNavigate();
  const isNew = () => !params.name;
  useTitle(() => (isNew() ? `${params.app}: new entity` : `${params.app}: ${params.name}`));
  const [stored, { refetch: reload }] = createResource(
    () => (params.name ? [params.app, params.name] : null),
    ([app, name]) => appApi(app).get<{ data: { definition: EntityDef } }>(`/_admin/entities/${encodeURIComponent(name)}`).then((r) => r.data.definition),
  );
  const [draft, setDraft] = createStore<Draft>({
    name: '', table: '', soft_delete: true,
    pk: { field: 'id', type: 'uuid', generated: true },
    fields: [{ ...blankField(), name: 'id', type: 'uuid' }],
  });
  createEffect(() => {
    const s = stored();
    if (s) setDraft(toDraft(s));
  });
  const [tableTouched, setTableTouched] = createSignal(false);
  const [reviewing, setReviewing] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const definition = () => toDefinition(draft);
  const changes = () => plan(isNew() ? null : stored() ?? null, definition());
  const diff = () => jsonDiff(isNew() ? null : stored() ?? null, definition());

  const apply = action(async () => {
    const api = appApi(params.app);
    const def = definition();
    if (isNew()) await api.post('/_admin/entities', def);
    else {
      await api.put(`/_admin/entities/${encodeURIComponent(params.name)}`, def);
      await reload();
    }
    setSaved(true);
    setReviewing(false);
    navigate(`/apps/${params.app}/entities/${def.name}`, { replace: isNew() });
  });

  const setField = <K extends keyof DraftField>(i: number, k: K, v: DraftField[K]) => {
    setDraft('fields', i, k, v as any);
    setSaved(false);
  };
  const move = (i: number, by: number) =>
    setDraft(produce((d) => {
      const j = i + by;
      if (j < 0 || j >= d.fields.length) return;
      [d.fields[i], d.fields[j]] = [d.fields[j], d.fields[i]];
    }));
  const pkNames = () => draft.fields.map((f) => f.name).filter(Boolean);

  return (
    <div class="space-y-4">
      <nav class="text-sm" aria-label="Breadcrumb">
        <A class="link" href={`/apps/${params.app}/entities`}>
          {params.app} entities
        </A>{' '}
        / {isNew() ? 'new entity' : params.name}
      </nav>
      <Loading when={stored.loading} />
      <ErrorBox error={stored.error} title="Could not load the entity" />
      <Show when={saved() && !isNew()}>
        <p class="rounded border border-green-300 bg-green-50 p-2 text-sm text-green-900" role="status">
          Saved. <A class="link" href={`/apps/${params.app}/data/${params.name}`}>Open its data</A>
        </p>
      </Show>

      <Show when={!reviewing() && (isNew() || stored())}>
        <form
          class="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            apply.setError(null);
            setReviewing(true);
          }}
        >
          <section class="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Entity">
            <h1 class="h1 sm:col-span-2 lg:col-span-4">{isNew() ? 'New entity' : `Entity ${params.name}`}</h1>
            <div>
              <label class="label" for="ent-name">Name (route)</label>
              <input
                id="ent-name" class="input" value={draft.name} disabled={!isNew()} required
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  setDraft('name', v);
                  if (!tableTouched()) setDraft('table', v ? v + 's' : '');
                }}
              />
              <p class="mt-1 text-xs text-slate-500">/api/{params.app}/{draft.name || '…'}</p>
            </div>
            <div>
              <label class="label" for="ent-table">Table</label>
              <input id="ent-table" class="input" value={draft.table} required onInput={(e) => (setTableTouched(true), setDraft('table', e.currentTarget.value))} />
            </div>
            <div>
              <label class="label" for="pk-field">Primary key field</label>
              <select id="pk-field" class="input" value={draft.pk.field} onChange={(e) => setDraft('pk', 'field', e.currentTarget.value)}>
                <For each={pkNames()}>{(n) => <option value={n}>{n}</option>}</For>
              </select>
            </div>
            <div class="flex gap-2">
              <div class="flex-1">
                <label class="label" for="pk-type">Key type</label>
                <select
                  id="pk-type" class="input" value={draft.pk.type}
                  onChange={(e) => {
                    const t = e.currentTarget.value;
                    setDraft('pk', 'type', t);
                    const i = draft.fields.findIndex((f) => f.name === draft.pk.field);
                    if (i >= 0) setDraft('fields', i, 'type', t);
                  }}
                >
                  <For each={PK_TYPES}>{(t) => <option value={t}>{t}</option>}</For>
                </select>
              </div>
              <label class="mt-6 flex items-center gap-1 text-sm">
                <input type="checkbox" checked={draft.pk.generated} onChange={(e) => setDraft('pk', 'generated', e.currentTarget.checked)} />
                generated
              </label>
            </div>
            <label class="flex items-center gap-2 text-sm sm:col-span-2">
              <input type="checkbox" checked={draft.soft_delete} onChange={(e) => setDraft('soft_delete', e.currentTarget.checked)} />
              Soft delete (deletes set <code>deleted_at</code>; deleted rows are hidden)
            </label>
          </section>

          <section class="card" aria-labelledby="fields-h">
            <h2 id="fields-h" class="h2 mb-3">Fields</h2>
            <ol class="space-y-3">
              <Index each={draft.fields}>
                {(f, i) => {
                  const id = (k: string) => `f${i}-${k}`;
                  const isPk = () => f().name !== '' && f().name === draft.pk.field;
                  return (
                    <li class="rounded border border-slate-200 p-3" data-field-index={i} aria-label={`Field ${i + 1}${f().name ? ': ' + f().name : ''}`}>
                      <div class="grid gap-2 sm:grid-cols-2 lg:grid-cols-6">
                        <div class="lg:col-span-2">
                          <label class="label" for={id('name')}>Name</label>
                          <input id={id('name')} class="input field-name" value={f().name} required onInput={(e) => setField(i, 'name', e.currentTarget.value)} />
                        </div>
                        <div>
                          <label class="label" for={id('type')}>Type</label>
                          <select id={id('type')} class="input field-type" value={f().type} disabled={isPk()} onChange={(e) => setField(i, 'type', e.currentTarget.value)}>
                            <For each={FIELD_TYPES}>{(t) => <option value={t}>{t}</option>}</For>
                          </select>
                        </div>
                        <div>
                          <label class="label" for={id('default')}>Default</label>
                          <input id={id('default')} class="input" value={f().defaultText} disabled={isPk()} placeholder={f().type === 'boolean' ? 'true / false' : ''} onInput={(e) => setField(i, 'defaultText', e.currentTarget.value)} />
                        </div>
                        <Show when={f().type === 'decimal'}>
                          <div>
                            <label class="label" for={id('precision')}>Precision (scale)</label>
                            <input id={id('precision')} class="input" type="number" min="0" max="18" value={f().precision} onInput={(e) => setField(i, 'precision', e.currentTarget.value)} />
                          </div>
                        </Show>
                        <Show when={f().type === 'timestamp'}>
                          <div>
                            <label class="label" for={id('auto')}>Auto</label>
                            <select id={id('auto')} class="input" value={f().auto} onChange={(e) => setField(i, 'auto', e.currentTarget.value as DraftField['auto'])}>
                              <option value="">—</option>
                              <option value="create">on create</option>
                              <option value="update">on create and update</option>
                            </select>
                          </div>
                        </Show>
                        <Show when={['string', 'text', 'int', 'bigint'].includes(f().type) && !isPk()}>
                          <div class="sm:col-span-2">
                            <label class="label" for={id('enum')}>Allowed values (enum, comma-separated)</label>
                            <input id={id('enum')} class="input" value={f().enumText} onInput={(e) => setField(i, 'enumText', e.currentTarget.value)} />
                          </div>
                        </Show>
                      </div>
                      <div class="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                        <Show when={!isPk()} fallback={<span class="text-xs font-semibold uppercase text-indigo-700">primary key</span>}>
                          {(['required', 'nullable', 'unique', 'index'] as const).map((k) => (
                            <label class="flex items-center gap-1">
                              <input type="checkbox" checked={f()[k]} onChange={(e) => setField(i, k, e.currentTarget.checked)} />
                              {k}
                            </label>
                          ))}
                        </Show>
                        <span class="ml-auto flex gap-1">
                          <button type="button" class="btn btn-small" aria-label={`Move field ${f().name} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
                          <button type="button" class="btn btn-small" aria-label={`Move field ${f().name} down`} disabled={i === draft.fields.length - 1} onClick={() => move(i, 1)}>↓</button>
                          <button type="button" class="btn btn-small" aria-label={`Remove field ${f().name}`} disabled={isPk()} onClick={() => setDraft('fields', (fs) => fs.filter((_, j) => j !== i))}>Remove</button>
                        </span>
                      </div>
                    </li>
                  );
                }}
              </Index>
            </ol>
            <button
              type="button" class="btn mt-3"
              onClick={() => {
                setDraft('fields', (fs) => [...fs, blankField()]);
                requestAnimationFrame(() => document.getElementById(`f${draft.fields.length - 1}-name`)?.focus());
              }}
            >
              Add field
            </button>
          </section>
          <div class="flex gap-2">
            <button type="submit" class="btn btn-primary">Review changes</button>
            <A class="btn" href={`/apps/${params.app}/entities`}>Cancel</A>
          </div>
        </form>
      </Show>

      <Show when={reviewing()}>
        <section class="card space-y-3" aria-labelledby="review-h" data-testid="review">
          <h2 id="review-h" class="h2">Review: {isNew() ? `create ${definition().name}` : `change ${params.name}`}</h2>
          <div>
            <h3 class="mb-1 text-sm font-semibold">Table changes</h3>
            <p class="mb-2 text-xs text-slate-500">
              Worked out in the browser from the definition; the server applies them additively in one transaction and refuses
              unsafe ones (narrowing types, NOT NULL over empty values) with an error.
            </p>
            <Show when={changes().length} fallback={<p class="text-sm">No table changes.</p>}>
              <ul class="space-y-1" data-testid="ddl">
                <For each={changes()}>
                  {(c) => (
                    <li class={c.kind === 'warn' ? 'text-amber-800' : c.kind === 'note' ? 'text-slate-600' : ''}>
                      <Show when={c.kind === 'note' || c.kind === 'warn'} fallback={<pre tabindex="0" class="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{c.text}</pre>}>
                        <p class="text-sm">{c.kind === 'warn' ? '⚠ ' : 'ℹ '}{c.text}</p>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
          <details>
            <summary class="cursor-pointer text-sm font-semibold">Definition diff</summary>
            <pre tabindex="0" class="mt-2 overflow-x-auto rounded border border-slate-200 p-2 text-xs">
              <For each={diff()}>
                {(l) => <div class={l.sign === '+' ? 'bg-green-50 text-green-900' : l.sign === '-' ? 'bg-red-50 text-red-900' : ''}>{l.sign} {l.line}</div>}
              </For>
            </pre>
          </details>
          <ErrorBox error={apply.error()} title="The server refused the change" />
          <div class="flex gap-2">
            <button type="button" class="btn btn-primary" disabled={apply.busy()} onClick={() => apply.run()}>
              {apply.busy() ? 'Applying…' : 'Apply'}
            </button>
            <button type="button" class="btn" onClick={() => setReviewing(false)}>Back to editing</button>
          </div>
        </section>
      </Show>
    </div>
  );
}
