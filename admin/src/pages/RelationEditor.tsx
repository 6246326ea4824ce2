import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createResource, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { action, ErrorBox, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import type { EntityDef, RelationDef } from '../lib/meta';

const TYPES = ['one_to_many', 'one_to_one', 'many_to_many'] as const;
const ON_DELETE = ['cascade', 'set_null', 'restrict', 'detach'] as const;

/** Create or change a relation: every type, keys, join table, on_delete, fetch and write mode. */
export default function RelationEditor() {
  const params = useParams() as Record<string, string>;
  const navigate = useNavigate();
  const isNew = () => !params.name;
  useTitle(() => (isNew() ? `${params.app}: new relation` : `${params.app}: relation ${params.name}`));
  const [entities] = createResource(
    () => params.app,
    (app) => appApi(app).get<{ data: { name: string; definition: EntityDef }[] }>('/_admin/entities').then((r) => r.data),
  );
  const [stored] = createResource(
    () => (params.name ? [params.app, params.name] : null),
    ([app, name]) => appApi(app).get<{ data: { definition: RelationDef } }>(`/_admin/relations/${encodeURIComponent(name)}`).then((r) => r.data.definition),
  );
  const [r, setR] = createStore<RelationDef>({
    name: '', type: 'one_to_many', source: '', target: '', source_key: 'id', target_key: '',
    join_table: '', source_join_key: '', target_join_key: '', ownership: 'source', on_delete: 'cascade',
    fetch: 'lazy', write_mode: 'diff',
  });
  createEffect(() => {
    const s = stored();
    if (s) setR({ ...s });
  });
  const fieldsOf = (entity: string) => entities()?.find((e) => e.name === entity)?.definition.fields.map((f) => f.name) ?? [];
  const m2m = () => r.type === 'many_to_many';

  const save = action(async () => {
    const body: Record<string, unknown> = { ...r };
    for (const k of Object.keys(body)) if (body[k] === '' || body[k] === undefined) delete body[k];
    if (m2m()) delete body.target_key;
    else for (const k of ['join_table', 'source_join_key', 'target_join_key']) delete body[k];
    const api = appApi(params.app);
    if (isNew()) await api.post('/_admin/relations', body);
    else await api.put(`/_admin/relations/${encodeURIComponent(params.name)}`, body);
    navigate(`/apps/${params.app}/entities`);
  });

  const text = (k: keyof RelationDef, label: string, hint?: string, list?: () => string[]) => (
    <div>
      <label class="label" for={`rel-${k}`}>{label}</label>
      <input id={`rel-${k}`} class="input" list={list ? `rel-${k}-list` : undefined} value={(r[k] as string) ?? ''} onInput={(e) => setR(k, e.currentTarget.value as any)} />
      <Show when={list}>
        <datalist id={`rel-${k}-list`}>
          <For each={list!()}>{(o) => <option value={o} />}</For>
        </datalist>
      </Show>
      <Show when={hint}><p class="mt-1 text-xs text-slate-500">{hint}</p></Show>
    </div>
  );
  const select = (k: keyof RelationDef, label: string, options: () => readonly string[]) => (
    <div>
      <label class="label" for={`rel-${k}`}>{label}</label>
      <select id={`rel-${k}`} class="input" value={(r[k] as string) ?? ''} onChange={(e) => setR(k, e.currentTarget.value as any)}>
        <option value="">—</option>
        <For each={options()}>{(o) => <option value={o}>{o}</option>}</For>
      </select>
    </div>
  );
  const names = () => entities()?.map((e) => e.name) ?? [];

  return (
    <div class="space-y-4">
      <nav class="text-sm" aria-label="Breadcrumb">
        <A class="link" href={`/apps/${params.app}/entities`}>{params.app} entities</A> / {isNew() ? 'new relation' : params.name}
      </nav>
      <Loading when={entities.loading || stored.loading} />
      <ErrorBox error={entities.error || stored.error} title="Could not load" />
      {/* an existing relation's form waits for its definition: saved earlier, it would send an empty one */}
      <Show when={isNew() || stored()}>
        <form class="card grid gap-3 sm:grid-cols-2 lg:grid-cols-3" onSubmit={(e) => (e.preventDefault(), save.run())}>
          <h1 class="h1 sm:col-span-2 lg:col-span-3">{isNew() ? 'New relation' : `Relation ${params.name}`}</h1>
          <div>
            <label class="label" for="rel-name">Name</label>
            <input id="rel-name" class="input" value={r.name} disabled={!isNew()} onInput={(e) => setR('name', e.currentTarget.value)} />
            <p class="mt-1 text-xs text-slate-500">Key in include= and in nested writes.</p>
          </div>
          {select('type', 'Type', () => TYPES)}
          {select('on_delete', 'On delete (of a source record)', () => ON_DELETE)}
          {select('source', 'Source entity', names)}
          {select('target', 'Target entity', names)}
          {text('source_key', 'Source key', 'A field of the source, normally its primary key.', () => fieldsOf(r.source))}
          <Show when={!m2m()}>
            {text('target_key', 'Target key (foreign key on the target)', 'A field of the target holding the source key.', () => fieldsOf(r.target))}
          </Show>
          <Show when={m2m()}>
            {text('join_table', 'Join table', 'Created if missing.')}
            {text('source_join_key', 'Join column → source')}
            {text('target_join_key', 'Join column → target')}
          </Show>
          {select('ownership', 'Ownership (descriptive)', () => ['source', 'target', 'none'])}
          {select('fetch', 'Fetch', () => ['lazy', 'eager'])}
          {select('write_mode', 'Nested write mode', () => ['diff', 'replace', 'append'])}
          <div class="sm:col-span-2 lg:col-span-3">
            <ErrorBox error={save.error()} title="The server refused the relation" />
            <div class="flex gap-2">
              <button class="btn btn-primary" type="submit" disabled={save.busy()}>{isNew() ? 'Create relation' : 'Save relation'}</button>
              <A class="btn" href={`/apps/${params.app}/entities`}>Cancel</A>
            </div>
          </div>
        </form>
      </Show>
    </div>
  );
}
