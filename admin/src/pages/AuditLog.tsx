import { A, useLocation, useNavigate, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { DataTable, ErrorBox, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import { cell, useEntityNames } from '../lib/entity';

interface Entry {
  id: string;
  entity: string;
  record_id: string;
  action: string;
  changes: Record<string, { old?: unknown; new?: unknown }> | null;
  user_id: string | null;
  created_at: string;
}
const KEYS = ['entity', 'record_id', 'action', 'user_id'] as const;

/** The audit log, newest first: filter by entity, record, action and user; one record's history is a filter. */
export default function AuditLog() {
  const params = useParams() as Record<string, string>;
  const location = useLocation();
  const navigate = useNavigate();
  useTitle(() => `${params.app}: audit log`);
  const search = () => new URLSearchParams(location.search);
  const query = createMemo(() => {
    const q = new URLSearchParams();
    search().forEach((v, k) => ([...KEYS, 'page', 'per_page'] as string[]).includes(k) && v && q.set(k, v));
    return q.toString();
  });
  const [log] = createResource(
    () => [params.app, query()] as const,
    ([app, q]) => appApi(app).get<{ data: Entry[]; meta: { page: number; per_page: number; total: number } }>(`/_admin/audit-log${q ? '?' + q : ''}`),
  );
  const [entities] = useEntityNames(() => params.app);
  const go = (values: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
    navigate(`/apps/${params.app}/audit${p.toString() ? '?' + p : ''}`);
  };
  const [form, setForm] = createSignal<Record<string, string>>({});
  const value = (k: string) => form()[k] ?? search().get(k) ?? '';
  const set = (k: string, v: string) => setForm({ ...form(), [k]: v });
  const apply = () => go(Object.fromEntries(KEYS.map((k) => [k, value(k)])));
  const meta = () => log()?.meta;
  const pages = () => (meta() ? Math.max(1, Math.ceil(meta()!.total / meta()!.per_page)) : 1);
  const page = (n: number) => go({ ...Object.fromEntries(search().entries()), page: n > 1 ? String(n) : '' });

  return (
    <div class="space-y-3">
      <h1 class="h1">Audit log of {params.app}</h1>
      <form class="card grid gap-2 sm:grid-cols-2 lg:grid-cols-5" onSubmit={(e) => (e.preventDefault(), setForm({}), apply())}>
        <div>
          <label class="label" for="au-entity">Entity</label>
          <select id="au-entity" class="input" value={value('entity')} onChange={(e) => set('entity', e.currentTarget.value)}>
            <option value="">any</option>
            <For each={entities()}>{(n) => <option value={n}>{n}</option>}</For>
          </select>
        </div>
        <div>
          <label class="label" for="au-record">Record id</label>
          <input id="au-record" class="input" value={value('record_id')} onInput={(e) => set('record_id', e.currentTarget.value)} />
        </div>
        <div>
          <label class="label" for="au-action">Action</label>
          <select id="au-action" class="input" value={value('action')} onChange={(e) => set('action', e.currentTarget.value)}>
            <option value="">any</option>
            <For each={['create', 'update', 'delete']}>{(a) => <option value={a}>{a}</option>}</For>
          </select>
        </div>
        <div>
          <label class="label" for="au-user">User id</label>
          <input id="au-user" class="input" value={value('user_id')} onInput={(e) => set('user_id', e.currentTarget.value)} />
        </div>
        <div class="flex items-end gap-2">
          <button class="btn btn-primary" type="submit">Filter</button>
          <button class="btn" type="button" onClick={() => (setForm({}), go({}))}>Clear</button>
        </div>
      </form>
      <Loading when={log.loading} />
      <ErrorBox error={log.error} title="Could not read the audit log" />
      <section class="card p-0" aria-label="Entries">
        <DataTable
          testid="audit-table"
          each={log.latest?.data ?? []}
          head={
            <>
              <th class="th">When</th>
              <th class="th">Entity</th>
              <th class="th">Record</th>
              <th class="th">Action</th>
              <th class="th">Changes</th>
              <th class="th">User</th>
            </>
          }
        >
          {(e) => (
            <tr>
              <td class="td whitespace-nowrap text-xs">{new Date(e.created_at).toLocaleString()}</td>
              <td class="td">{e.entity}</td>
              <td class="td font-mono text-xs">
                <A class="link" href={`/apps/${params.app}/audit?entity=${encodeURIComponent(e.entity)}&record_id=${encodeURIComponent(e.record_id)}`} title="This record's history">
                  {e.record_id}
                </A>
              </td>
              <td class="td">{e.action}</td>
              <td class="td text-xs">
                <ul>
                  <For each={Object.entries(e.changes ?? {})}>
                    {([f, c]) => (
                      <li>
                        <span class="font-semibold">{f}</span>:{' '}
                        <Show when={e.action === 'update'} fallback={cell(c?.new ?? c?.old ?? c)}>
                          <span class="text-red-800 line-through">{cell(c?.old)}</span> → <span class="text-green-800">{cell(c?.new)}</span>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </td>
              <td class="td font-mono text-xs">{e.user_id}</td>
            </tr>
          )}
        </DataTable>
        <Show when={log.latest?.data.length === 0}>
          <p class="p-3 text-sm text-slate-600">No entries.</p>
        </Show>
        <div class="flex flex-wrap items-center gap-2 border-t border-slate-200 p-2 text-sm">
          <span data-testid="audit-total">{meta() ? `${meta()!.total} entries` : ''}</span>
          <span class="ml-auto">Page {meta()?.page ?? 1} of {pages()}</span>
          <button type="button" class="btn btn-small" disabled={(meta()?.page ?? 1) <= 1} onClick={() => page((meta()?.page ?? 1) - 1)}>← Previous</button>
          <button type="button" class="btn btn-small" disabled={(meta()?.page ?? 1) >= pages()} onClick={() => page((meta()?.page ?? 1) + 1)}>Next →</button>
        </div>
      </section>
    </div>
  );
}
