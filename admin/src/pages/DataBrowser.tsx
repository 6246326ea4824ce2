import { A, useLocation, useNavigate, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { ActionsCell, ActionsHeader, ConfirmDelete, DataTable, DeleteButton, deletion, ErrorBox, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import { cell, related, useEntity, useRelations } from '../lib/entity';

const OPS = [
  ['eq', '='], ['neq', '≠'], ['gt', '>'], ['gte', '≥'], ['lt', '<'], ['lte', '≤'],
  ['in', 'in (a,b,c)'], ['not_in', 'not in (a,b,c)'], ['like', 'like (% and _)'],
] as const;
const API_KEYS = /^(filter\[.+\]|sort|page|per_page|include)$/;

/**
 * One entity's records: filters (every operator), sort, pagination and column choice. The admin URL carries the
 * API's own query parameters (filter[price.gte]=5&sort=-price&page=2), so a view can be bookmarked and shared.
 */
export default function DataBrowser() {
  const params = useParams() as Record<string, string>;
  const location = useLocation();
  const navigate = useNavigate();
  useTitle(() => `${params.app}: ${params.entity}`);
  const [entity] = useEntity(() => params.app, () => params.entity);
  const query = createMemo(() => {
    const q = new URLSearchParams();
    new URLSearchParams(location.search).forEach((v, k) => API_KEYS.test(k) && q.append(k, v));
    return q.toString();
  });
  const [records, { refetch }] = createResource(
    () => [params.app, params.entity, query()] as const,
    ([app, e, q]) => appApi(app).get<{ data: Record<string, unknown>[]; meta: { page: number; per_page: number; total: number } }>(`/${e}${q ? '?' + q : ''}`),
  );
  const [relations] = useRelations(() => params.app);
  const relNames = () => (relations() ?? []).filter((r) => r.source === params.entity || r.target === params.entity).map((r) => r.name);
  const includes = () => (search().get('include') ?? '').split(',').filter(Boolean);
  const toggleInclude = (n: string) =>
    go((p) => {
      const next = includes().includes(n) ? includes().filter((x) => x !== n) : [...includes(), n];
      if (next.length) p.set('include', next.join(','));
      else p.delete('include');
    });
  const fields = () => (entity()?.fields ?? []).map((f) => f.name).filter((n) => n !== 'deleted_at');
  const pk = () => entity()?.primary_key.field ?? 'id';

  // column choice, remembered per entity
  const colKey = () => `rocket.cols.${params.app}.${params.entity}`;
  const [hidden, setHidden] = createSignal<string[]>(JSON.parse(localStorage.getItem(colKey()) ?? '[]'));
  const toggleCol = (n: string) => {
    const next = hidden().includes(n) ? hidden().filter((h) => h !== n) : [...hidden(), n];
    setHidden(next);
    localStorage.setItem(colKey(), JSON.stringify(next));
  };
  const columns = () => fields().filter((f) => !hidden().includes(f));

  const search = () => new URLSearchParams(location.search);
  const go = (edit: (p: URLSearchParams) => void) => {
    const p = search();
    edit(p);
    const s = p.toString();
    navigate(`${location.pathname.replace(/^\/admin/, '')}${s ? '?' + s : ''}`);
  };
  const filters = () => [...search().entries()].filter(([k]) => k.startsWith('filter['));
  const sorts = () => (search().get('sort') ?? '').split(',').filter(Boolean);
  const sortOf = (f: string) => (sorts().includes(f) ? 'ascending' : sorts().includes('-' + f) ? 'descending' : 'none');
  const cycleSort = (f: string) =>
    go((p) => {
      const s = sortOf(f);
      if (s === 'none') p.set('sort', f);
      else if (s === 'ascending') p.set('sort', '-' + f);
      else p.delete('sort');
      p.delete('page');
    });

  const [fField, setFField] = createSignal('');
  const [fOp, setFOp] = createSignal('eq');
  const [fValue, setFValue] = createSignal('');
  const addFilter = () => {
    const f = fField() || fields()[0];
    if (!f) return;
    go((p) => {
      p.append(`filter[${fOp() === 'eq' ? f : `${f}.${fOp()}`}]`, fValue());
      p.delete('page');
    });
    setFValue('');
  };

  const meta = () => records()?.meta;
  const pages = () => (meta() ? Math.max(1, Math.ceil(meta()!.total / meta()!.per_page)) : 1);
  const setPage = (n: number) => go((p) => (n <= 1 ? p.delete('page') : p.set('page', String(n))));

  const remove = deletion((id: unknown) => appApi(params.app).del(`/${params.entity}/${encodeURIComponent(String(id))}`), refetch);
  const base = () => `/apps/${params.app}/data/${params.entity}`;

  return (
    <div class="space-y-3">
      <nav class="text-sm" aria-label="Breadcrumb">
        <A class="link" href={`/apps/${params.app}/entities`}>{params.app} entities</A> / {params.entity} data
      </nav>
      <div class="flex flex-wrap items-center gap-2">
        <h1 class="h1 mr-auto">{params.entity}</h1>
        <A class="btn" href={`/apps/${params.app}/entities/${params.entity}`}>Edit entity</A>
        <A class="btn btn-primary" href={`${base()}/new`}>New record</A>
      </div>
      <Loading when={entity.loading} />
      <ErrorBox error={entity.error} title="Could not load the entity" />

      <section class="card space-y-2" aria-label="Filters">
        <form class="flex flex-wrap items-end gap-2" onSubmit={(e) => (e.preventDefault(), addFilter())}>
          <div>
            <label class="label" for="flt-field">Field</label>
            <select id="flt-field" class="input" value={fField()} onChange={(e) => setFField(e.currentTarget.value)}>
              <For each={fields()}>{(f) => <option value={f}>{f}</option>}</For>
            </select>
          </div>
          <div>
            <label class="label" for="flt-op">Operator</label>
            <select id="flt-op" class="input" value={fOp()} onChange={(e) => setFOp(e.currentTarget.value)}>
              <For each={OPS}>{([op, label]) => <option value={op}>{label}</option>}</For>
            </select>
          </div>
          <div class="min-w-[8rem] flex-1">
            <label class="label" for="flt-value">Value</label>
            <input id="flt-value" class="input" value={fValue()} onInput={(e) => setFValue(e.currentTarget.value)} />
          </div>
          <button class="btn" type="submit">Add filter</button>
          <details class="relative">
            <summary class="btn cursor-pointer list-none">Columns</summary>
            <div class="absolute right-0 z-10 mt-1 w-48 rounded border border-slate-200 bg-white p-2 shadow">
              <For each={fields()}>
                {(f) => (
                  <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={!hidden().includes(f)} onChange={() => toggleCol(f)} />
                    {f}
                  </label>
                )}
              </For>
              <Show when={relNames().length}>
                <p class="mt-2 border-t border-slate-200 pt-1 text-xs font-semibold uppercase text-slate-500">Related (include)</p>
                <For each={relNames()}>
                  {(r) => (
                    <label class="flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={includes().includes(r)} onChange={() => toggleInclude(r)} />
                      {r}
                    </label>
                  )}
                </For>
              </Show>
            </div>
          </details>
        </form>
        <Show when={filters().length}>
          <ul class="flex flex-wrap gap-2" aria-label="Active filters">
            <For each={filters()}>
              {([k, v]) => (
                <li class="flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-sm text-indigo-900" data-testid="filter-chip">
                  <code>{k.slice(7, -1)}</code> = <code>{v}</code>
                  <button
                    type="button" class="ml-1 rounded px-1 hover:bg-indigo-200" aria-label={`Remove filter ${k} ${v}`}
                    onClick={() => go((p) => {
                      const rest = [...p.entries()].filter(([k2, v2]) => !(k2 === k && v2 === v));
                      [...p.keys()].forEach((x) => p.delete(x));
                      rest.forEach(([k2, v2]) => p.append(k2, v2));
                      p.delete('page');
                    })}
                  >×</button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <ErrorBox error={records.error} title="Could not list the records" />
      <section class="card p-0" aria-label="Records">
        <DataTable
          testid="records-table"
          busy={records.loading}
          each={records.latest?.data ?? []}
          head={
            <>
              <For each={columns()}>
                {(c) => (
                  <th class="th" aria-sort={sortOf(c)}>
                    <button type="button" class="inline-flex items-center gap-1 uppercase" onClick={() => cycleSort(c)} aria-label={`Sort by ${c}`}>
                      {c}
                      <span aria-hidden="true">{sortOf(c) === 'ascending' ? '▲' : sortOf(c) === 'descending' ? '▼' : ''}</span>
                    </button>
                  </th>
                )}
              </For>
              <For each={includes()}>{(r) => <th class="th normal-case">↳ {r}</th>}</For>
              <ActionsHeader />
            </>
          }
        >
          {(row) => (
            <tr class="hover:bg-slate-50">
              <For each={columns()}>
                {(c) => (
                  <td class="td">
                    <Show when={c === pk()} fallback={cell(row[c])}>
                      <A class="link font-mono text-xs" href={`${base()}/${encodeURIComponent(String(row[c]))}`}>{cell(row[c])}</A>
                    </Show>
                  </td>
                )}
              </For>
              <For each={includes()}>{(r) => <td class="td text-xs">{related(row[r])}</td>}</For>
              <ActionsCell>
                <A class="btn btn-small mr-1" href={`${base()}/${encodeURIComponent(String(row[pk()]))}`} aria-label={`Edit record ${row[pk()]}`}>Edit</A>
                <DeleteButton label={`Delete record ${row[pk()]}`} onClick={() => remove.ask(row[pk()])} />
              </ActionsCell>
            </tr>
          )}
        </DataTable>
        <Show when={records.latest && records.latest.data.length === 0}>
          <p class="p-3 text-sm text-slate-600">No records{filters().length ? ' match the filters' : ''}.</p>
        </Show>
        <div class="flex flex-wrap items-center gap-2 border-t border-slate-200 p-2 text-sm">
          <span data-testid="total">{meta() ? `${meta()!.total} record${meta()!.total === 1 ? '' : 's'}` : ''}</span>
          <label class="ml-auto flex items-center gap-1">
            Per page
            <select class="input w-auto" value={search().get('per_page') ?? '25'} onChange={(e) => go((p) => (p.set('per_page', e.currentTarget.value), p.delete('page')))}>
              <For each={['10', '25', '50', '100']}>{(n) => <option value={n}>{n}</option>}</For>
            </select>
          </label>
          <button type="button" class="btn btn-small" disabled={(meta()?.page ?? 1) <= 1} onClick={() => setPage((meta()?.page ?? 1) - 1)}>← Previous</button>
          <span>Page {meta()?.page ?? 1} of {pages()}</span>
          <button type="button" class="btn btn-small" disabled={(meta()?.page ?? 1) >= pages()} onClick={() => setPage((meta()?.page ?? 1) + 1)}>Next →</button>
        </div>
      </section>
      <ConfirmDelete deletion={remove} title="Delete this record?" confirmLabel={remove.busy() ? 'Deleting…' : 'Delete'}>
        <p>
          {params.entity} <code>{String(remove.item() ?? null)}</code>
          {entity()?.soft_delete === false ? ' is removed for good.' : ' is soft-deleted (hidden, kept in the table).'} Relations apply
          their on_delete policy.
        </p>
      </ConfirmDelete>
    </div>
  );
}
