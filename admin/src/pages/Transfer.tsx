import { useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { action, ErrorBox, useTitle } from '../components';
import { ApiError, appApi } from '../lib/api';
import { preview, unwrapDoc, type Doc } from '../lib/transfer';

/** Export the app's metadata as one JSON document; import one, after a preview of what it would create. */
export default function Transfer() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: export and import`);
  const api = () => appApi(params.app);

  const [exported, setExported] = createSignal<string>('');
  const [downloadUrl, setDownloadUrl] = createSignal('');
  const doExport = action(async () => {
    const r = await api().get<{ data: Doc }>('/_admin/export');
    const text = JSON.stringify(r.data, null, 2);
    setExported(text);
    if (downloadUrl()) URL.revokeObjectURL(downloadUrl());
    setDownloadUrl(URL.createObjectURL(new Blob([text], { type: 'application/json' })));
  });

  const [source, setSource] = createSignal('');
  const [plan, setPlan] = createSignal<ReturnType<typeof preview> | null>(null);
  const [doc, setDoc] = createSignal<Doc | null>(null);
  const review = action(async () => {
    setPlan(null);
    let parsed: Doc;
    try {
      parsed = unwrapDoc(JSON.parse(source()));
    } catch (e) {
      throw new ApiError(0, 'INVALID_JSON', `The document is not valid JSON: ${(e as Error).message}`);
    }
    const current = await api().get<{ data: Doc }>('/_admin/export');
    setDoc(parsed);
    setPlan(preview(current.data, parsed));
  });
  const [summary, setSummary] = createSignal<Record<string, number> | null>(null);
  const doImport = action(async () => {
    const r = await api().post<{ data: { summary: Record<string, number> } }>('/_admin/import', doc());
    setSummary(r.data.summary);
    setPlan(null);
  });

  return (
    <div class="grid gap-4 lg:grid-cols-2">
      <section class="card space-y-3" aria-labelledby="exp-h">
        <h1 id="exp-h" class="h1">Export {params.app}</h1>
        <p class="text-sm text-slate-600">Entities, relations, rules, state machines, workflows, permissions and webhooks as one JSON document (no records, users or ids).</p>
        <button type="button" class="btn btn-primary" disabled={doExport.busy()} onClick={() => doExport.run()}>Export</button>
        <ErrorBox error={doExport.error()} title="Export failed" />
        <Show when={exported()}>
          <a class="link block text-sm" href={downloadUrl()} download={`${params.app}-export.json`}>Download {params.app}-export.json</a>
          <textarea class="input h-64 font-mono text-xs" readOnly aria-label="Exported document" data-testid="export-json">{exported()}</textarea>
        </Show>
      </section>
      <section class="card space-y-3" aria-labelledby="imp-h">
        <h2 id="imp-h" class="h1">Import into {params.app}</h2>
        <p class="text-sm text-slate-600">Items that already exist are skipped; the import is one transaction — on any error nothing changes.</p>
        <div>
          <label class="label" for="imp-file">From a file</label>
          <input id="imp-file" type="file" accept="application/json,.json" class="text-sm" onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (f) setSource(await f.text());
          }} />
        </div>
        <div>
          <label class="label" for="imp-json">Document (JSON)</label>
          <textarea id="imp-json" class="input h-48 font-mono text-xs" value={source()} onInput={(e) => (setSource(e.currentTarget.value), setPlan(null))} />
        </div>
        <button type="button" class="btn" disabled={!source().trim() || review.busy()} onClick={() => (setSummary(null), review.run())}>Preview import</button>
        <ErrorBox error={review.error()} title="Cannot preview" />
        <Show when={plan()}>
          {(p) => (
            <div class="space-y-2 rounded border border-slate-200 p-3" data-testid="import-preview">
              <h3 class="font-semibold">The import would</h3>
              <Show when={p().sections.length || p().records.length} fallback={<p class="text-sm">change nothing (the document is empty).</p>}>
                <ul class="space-y-1 text-sm">
                  <For each={p().sections}>
                    {(s) => (
                      <li>
                        <span class="font-medium">{s.section}:</span> create {s.create.length}, skip {s.skip.length} existing
                        <Show when={s.create.length}>
                          <ul class="list-disc pl-5 text-green-900">
                            <For each={s.create}>{(c) => <li>+ {s.label} {c}</li>}</For>
                          </ul>
                        </Show>
                      </li>
                    )}
                  </For>
                  <For each={p().records}>{([k, n]) => <li><span class="font-medium">sample_data.{k}:</span> up to {n} rows (rows whose key exists are skipped)</li>}</For>
                </ul>
              </Show>
              <ErrorBox error={doImport.error()} title="The import was refused; nothing changed" />
              <button type="button" class="btn btn-primary" disabled={doImport.busy()} onClick={() => doImport.run()}>Import</button>
            </div>
          )}
        </Show>
        <Show when={summary()}>
          <div role="status" class="rounded border border-green-300 bg-green-50 p-3 text-sm text-green-900" data-testid="import-summary">
            Import completed:{' '}
            {Object.entries(summary()!).map(([k, v]) => `${k} ${v}`).join(', ')}
          </div>
        </Show>
      </section>
    </div>
  );
}
