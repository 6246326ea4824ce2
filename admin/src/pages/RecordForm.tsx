import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { action, ErrorBox, fieldErrors, Loading, otherErrors, useTitle } from '../components';
import { appApi } from '../lib/api';
import { useEntity, useRelations } from '../lib/entity';
import { createChildRows } from '../ChildRows';
import { createManyPicker } from '../ManyPicker';
import type { EntityDef } from '../lib/meta';
import { normType, type FieldDef } from '../lib/meta';
import { fromText, toText } from '../lib/values';

/**
 * Create or edit one record with a form generated from the entity's fields. Validation details from the
 * server appear next to their inputs; everything else above the buttons.
 */
export default function RecordForm() {
  const params = useParams() as Record<string, string>;
  const navigate = useNavigate();
  const isNew = () => !params.id;
  useTitle(() => `${params.app}: ${params.entity} ${isNew() ? 'new' : params.id}`);
  const [entity] = useEntity(() => params.app, () => params.entity);
  const [relations] = useRelations(() => params.app);
  const relationsKnown = () => !!relations() || !!relations.error;
  // one_to_many / one_to_one children are edited in place and sent with the record (a nested write)
  const ownRels = () => (relations.error ? [] : relations() ?? []).filter((r) => r.source === params.entity).map((r) => r.definition);
  const childRels = () => ownRels().filter((r) => r.type !== 'many_to_many');
  const manyRels = () => ownRels().filter((r) => r.type === 'many_to_many');
  const [record, { refetch: reloadRecord }] = createResource(
    () => (params.id && relationsKnown() ? [params.app, params.entity, params.id, ownRels().map((r) => r.name).join(',')] : null),
    ([app, e, id, inc]) =>
      appApi(app).get<{ data: Record<string, unknown> }>(`/${e}/${encodeURIComponent(id)}${inc ? `?include=${inc}` : ''}`).then((r) => r.data),
  );
  const [targets] = createResource(
    () => (relationsKnown() ? [params.app, ...new Set(ownRels().map((r) => r.target))] : null),
    async ([app, ...names]) =>
      Object.fromEntries(
        await Promise.all(
          names.map((n) => appApi(app).get<{ data: { definition: EntityDef } }>(`/_admin/entities/${encodeURIComponent(n)}`).then((r) => [n, r.data.definition] as const)),
        ),
      ) as Record<string, EntityDef>,
  );
  const children = createMemo(() => {
    const t = targets();
    if (!t || (params.id && !record())) return [];
    const r = record();
    return childRels()
      .filter((rel) => t[rel.target])
      .map((rel) => {
        const cur = r?.[rel.name];
        return createChildRows(rel, t[rel.target], Array.isArray(cur) ? cur : cur ? [cur as Record<string, unknown>] : []);
      });
  });
  const pickers = createMemo(() => {
    const t = targets();
    if (!t || (params.id && !record())) return [];
    const r = record();
    return manyRels()
      .filter((rel) => t[rel.target])
      .map((rel) => createManyPicker(params.app, rel, t[rel.target], Array.isArray(r?.[rel.name]) ? (r![rel.name] as Record<string, unknown>[]) : []));
  });
  const [values, setValues] = createStore<Record<string, string>>({});
  const [initial, setInitial] = createSignal<Record<string, string>>({});
  const [files, setFiles] = createStore<Record<string, string>>({});

  const editable = () => {
    const e = entity();
    if (!e) return [];
    return e.fields.filter(
      (f) => f.name !== 'deleted_at' && !f.auto && !(f.name === e.primary_key.field && (e.primary_key.generated || !isNew())),
    );
  };
  createEffect(() => {
    const e = entity();
    if (!e) return;
    const r = record();
    const init: Record<string, string> = {};
    for (const f of e.fields) init[f.name] = r ? toText(f, r[f.name]) : '';
    setValues(init);
    setInitial(init);
    if (r) for (const f of e.fields) if (normType(f.type) === 'file' && r[f.name]) setFiles(f.name, (r[f.name] as { filename: string }).filename);
  });

  const save = action(async () => {
    const body: Record<string, unknown> = {};
    for (const f of editable()) {
      const v = values[f.name] ?? '';
      if (isNew() ? v === '' : v === initial()[f.name]) continue;
      body[f.name] = fromText(f, v);
    }
    for (const c of [...children(), ...pickers()]) {
      const nested = c.payload();
      if (nested) body[c.relation.name] = nested;
    }
    const api = appApi(params.app);
    const res = isNew()
      ? await api.post<{ data: Record<string, unknown> }>(`/${params.entity}`, body)
      : await api.put<{ data: Record<string, unknown> }>(`/${params.entity}/${encodeURIComponent(params.id)}`, body);
    navigate(`/apps/${params.app}/data/${params.entity}`, { state: { saved: res.data } });
  });
  const upload = action(async (f: FieldDef, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await appApi(params.app).post<{ data: { id: string; filename: string } }>('/_files/upload', form);
    setValues(f.name, res.data.id);
    setFiles(f.name, res.data.filename);
  });
  const errs = () => fieldErrors(save.error());

  // the transitions of the entity's active state machines that start from the record's current state
  const [machines] = createResource(
    () => (params.id ? params.app : null),
    (app) =>
      appApi(app)
        .get<{ data: { entity: string; field: string; active: boolean; definition: { transitions?: { from: string | string[]; to: string; roles?: string[] }[] } }[] }>('/_admin/state-machines')
        .then((r) => r.data.filter((m) => m.entity === params.entity && m.active !== false)),
  );
  const transitions = () => {
    const r = record();
    if (!r) return [];
    return (machines() ?? []).flatMap((m) =>
      (m.definition.transitions ?? [])
        .filter((t) => (Array.isArray(t.from) ? t.from : [t.from]).map(String).includes(String(r[m.field] ?? '')))
        .map((t) => ({ field: m.field, from: String(r[m.field] ?? ''), to: t.to, roles: t.roles ?? [] })),
    );
  };
  const transition = action(async (field: string, to: string) => {
    await appApi(params.app).put(`/${params.entity}/${encodeURIComponent(params.id)}`, { [field]: to });
    await reloadRecord();
  });

  const input = (f: FieldDef) => {
    const id = `in-${f.name}`;
    const common = {
      id,
      name: f.name,
      'aria-invalid': !!errs()[f.name],
      'aria-describedby': errs()[f.name] ? `${id}-err` : undefined,
    };
    const t = normType(f.type);
    const set = (v: string) => setValues(f.name, v);
    if (f.enum?.length)
      return (
        <select class="input" {...common} value={values[f.name] ?? ''} onChange={(e) => set(e.currentTarget.value)}>
          <option value="">—</option>
          <For each={f.enum}>{(o) => <option value={o}>{o}</option>}</For>
        </select>
      );
    switch (t) {
      case 'boolean':
        return (
          <select class="input" {...common} value={values[f.name] ?? ''} onChange={(e) => set(e.currentTarget.value)}>
            <option value="">—</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        );
      case 'text':
      case 'json':
        return <textarea class="input font-mono" rows={t === 'json' ? 5 : 3} {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
      case 'int':
      case 'bigint':
        return <input class="input" type="number" step="1" {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
      case 'decimal':
        return <input class="input" inputmode="decimal" {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
      case 'date':
        return <input class="input" type="date" {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
      case 'timestamp':
        return <input class="input" type="datetime-local" step="1" {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
      case 'file':
        return (
          <div class="flex flex-wrap items-center gap-2">
            <input
              type="file" {...common} class="text-sm"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (file) upload.run(f, file);
              }}
            />
            <Show when={files[f.name]}>
              <span class="text-sm">file: {files[f.name]}</span>
              <button type="button" class="btn btn-small" onClick={() => (set(''), setFiles(f.name, ''))}>Clear</button>
            </Show>
          </div>
        );
      default:
        return <input class="input" {...common} value={values[f.name] ?? ''} onInput={(e) => set(e.currentTarget.value)} />;
    }
  };

  return (
    <div class="space-y-3">
      <nav class="text-sm" aria-label="Breadcrumb">
        <A class="link" href={`/apps/${params.app}/entities`}>{params.app} entities</A> /{' '}
        <A class="link" href={`/apps/${params.app}/data/${params.entity}`}>{params.entity}</A> / {isNew() ? 'new' : params.id}
      </nav>
      <Loading when={entity.loading || record.loading} />
      <ErrorBox error={entity.error || record.error} title="Could not load" />
      <Show when={entity() && (isNew() || record())}>
        <form class="card space-y-3" onSubmit={(e) => (e.preventDefault(), save.run())} novalidate>
          <div class="flex flex-wrap items-center gap-2">
            <h1 class="h1 mr-auto break-all">{isNew() ? `New ${params.entity}` : `${params.entity} ${params.id}`}</h1>
            <Show when={!isNew()}>
              <A class="btn btn-small" href={`/apps/${params.app}/audit?entity=${encodeURIComponent(params.entity)}&record_id=${encodeURIComponent(params.id)}`}>History</A>
            </Show>
          </div>
          <Show when={transitions().length}>
            <div class="flex flex-wrap items-center gap-2 rounded border border-indigo-100 bg-indigo-50 p-2 text-sm" data-testid="transitions">
              <span>State transitions:</span>
              <For each={transitions()}>
                {(t) => (
                  <button type="button" class="btn btn-small" disabled={transition.busy()} onClick={() => transition.run(t.field, t.to)} title={t.roles.length ? `roles: ${t.roles.join(', ')}` : undefined}>
                    {t.field}: {t.from} → {t.to}
                  </button>
                )}
              </For>
            </div>
          </Show>
          <ErrorBox error={transition.error()} title="The transition was refused" />
          <div class="grid gap-3 md:grid-cols-2">
            <For each={editable()}>
              {(f) => (
                <div class={['text', 'json'].includes(normType(f.type)) ? 'md:col-span-2' : ''}>
                  <label class="label" for={`in-${f.name}`}>
                    {f.name}
                    <Show when={f.required && !f.nullable}><span class="text-red-700" aria-label="required"> *</span></Show>
                    <span class="ml-2 text-xs font-normal text-slate-500">{f.type}{f.unique ? ', unique' : ''}{f.default !== undefined && f.default !== null ? `, default ${JSON.stringify(f.default)}` : ''}</span>
                  </label>
                  {input(f)}
                  <For each={errs()[f.name]}>{(m) => <p id={`in-${f.name}-err`} class="field-error">{m}</p>}</For>
                </div>
              )}
            </For>
          </div>
          <For each={children()}>{(c) => <c.View error={save.error()} />}</For>
          <For each={pickers()}>{(p) => <p.View />}</For>
          <ErrorBox error={upload.error()} title="Upload failed" />
          <ErrorBox error={otherErrors(save.error(), editable().map((f) => f.name))} title="The record was not saved" />
          <div class="flex gap-2">
            <button type="submit" class="btn btn-primary" disabled={save.busy()}>{save.busy() ? 'Saving…' : isNew() ? 'Create' : 'Save'}</button>
            <A class="btn" href={`/apps/${params.app}/data/${params.entity}`}>Cancel</A>
          </div>
        </form>
      </Show>
    </div>
  );
}
