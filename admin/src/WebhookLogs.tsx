import { createResource, createSignal, For, Show } from 'solid-js';
import { action, DataTable, ErrorBox, Loading } from './components';
import { appApi } from './lib/api';

interface Log {
  id: string;
  webhook_id: string;
  entity: string;
  hook: string;
  url: string;
  status: string;
  attempt: number;
  max_attempts: number;
  response_status: number | null;
  error: string;
  next_retry_at: string | null;
  created_at: string;
}

/** Delivery logs of the app's webhooks (newest first), filtered by status, with a retry for failed ones. */
export function WebhookLogs(props: { app: string }) {
  const [status, setStatus] = createSignal('');
  const [logs, { refetch }] = createResource(
    () => [props.app, status()] as const,
    ([app, s]) => appApi(app).get<{ data: Log[] }>(`/_admin/webhook-logs${s ? `?status=${s}` : ''}`).then((r) => r.data),
  );
  const retry = action(async (id: string) => {
    await appApi(props.app).post(`/_admin/webhook-logs/${id}/retry`);
    await refetch();
  });
  return (
    <section class="card space-y-2" aria-labelledby="logs-h">
      <div class="flex flex-wrap items-center gap-2">
        <h2 id="logs-h" class="h2 mr-auto">Delivery logs</h2>
        <label class="flex items-center gap-1 text-sm">
          Status
          <select class="input w-auto" value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">any</option>
            <For each={['pending', 'delivered', 'retrying', 'failed']}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <button type="button" class="btn btn-small" onClick={() => refetch()}>Refresh</button>
      </div>
      <Loading when={logs.loading} />
      <ErrorBox error={logs.error} title="Could not read the logs" />
      <ErrorBox error={retry.error()} title="Retry refused" />
      <Show when={logs()?.length} fallback={<p class="text-sm text-slate-600">No deliveries.</p>}>
        <DataTable each={logs()} head={<For each={['When', 'Entity', 'Hook', 'URL', 'Status', 'Attempt', 'HTTP', 'Error', '']}>{(h) => <th class="th">{h}</th>}</For>}>
          {(l) => (
            <tr>
              <td class="td whitespace-nowrap text-xs">{new Date(l.created_at).toLocaleString()}</td>
              <td class="td">{l.entity}</td>
              <td class="td text-xs">{l.hook}</td>
              <td class="td break-all text-xs">{l.url}</td>
              <td class="td">{l.status}</td>
              <td class="td">{l.attempt}/{l.max_attempts}</td>
              <td class="td">{l.response_status ?? ''}</td>
              <td class="td text-xs text-red-800">{l.error}</td>
              <td class="td">
                <Show when={l.status === 'failed' || l.status === 'retrying'}>
                  <button type="button" class="btn btn-small" onClick={() => retry.run(l.id)}>Retry</button>
                </Show>
              </td>
            </tr>
          )}
        </DataTable>
      </Show>
    </section>
  );
}
