import { useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { action, ErrorBox, useTitle } from '../components';
import { ApiError, appApi } from '../lib/api';

type Doc = Record<string, unknown>;
/** The server's dry run of an import: what would be created, skipped (already there) and rejected, by section. */
interface DryRun {
  message: string;
  valid: boolean;
  summary: Record<string, number>;
  create: Record<string, unknown[]>;
  skip: Record<string, unknown[]>;
  reject: { section: string; item: unknown; message: string }[];
}
const LABELS: Record<string, string> = {
  entities: 'entity', relations: 'relation', rules: 'rule', state_machines: 'state machine', workflows: 'workflow', permissions: 'permission', webhooks: 'webhook',
};

/** Export the app's metadata as one JSON document; import one, after the server's dry run of it (what it would create, skip, reject). */
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
  const [plan, setPlan] = createSignal<DryRun | null>(null);
  const [doc, setDoc] = createSignal<unknown>(null);
  // the server runs the import in a transaction it rolls back and says what would happen
  const review = action(async () => {
    setPlan(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(source());
    } catch (e) {
      throw new ApiError(0, 'INVALID_JSON', `The document is not valid JSON: ${(e as Error).message}`);
    }
    const r = await api().post<{ data: DryRun }>('/_admin/import?dry_run=true', parsed);
    setDoc(parsed);
    setPlan(r.data);
    requestAnimationFrame(() => document.getElementById('imp-preview-h')?.focus());
  });
  const [summary, setSummary] = createSignal<Record<string, number> | null>(null);
  const doImport = action(async () => {
    const r = await api().post<{ data: { summary: Record<string, number> } }>('/_admin/import', doc());
    setSummary(r.data.summary);
    setPlan(null);
  });
  const sections = (p: DryRun) =>
    Object.keys(p.summary ?? {})
      .map((s) => ({ section: s, create: p.create?.[s] ?? [], skip: p.skip?.[s] ?? [], reject: (p.reject ?? []).filter((r) => r.section === s) }))
      .filter((s) => s.create.length || s.skip.length || s.reject.length || (s.section === 'records' && p.summary.records));

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
        <p class="text-sm text-slate-600">Items that already exist are skipped; the import is one transaction — on any error nothing changes. The preview runs the import on the server and rolls it back.</p>
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
              <h3 id="imp-preview-h" tabindex="-1" class="font-semibold">{p().valid ? 'The import would' : 'The import would be refused'}</h3>
              <p class="text-sm" role="status">{p().message}</p>
              <Show when={sections(p()).length} fallback={<p class="text-sm">change nothing (the document is empty).</p>}>
                <ul class="space-y-2 text-sm">
                  <For each={sections(p())}>
                    {(s) => (
                      <li data-section={s.section}>
                        <span class="font-medium">{s.section}:</span>{' '}
                        {s.section === 'records'
                          ? `create ${p().summary.records} row${p().summary.records === 1 ? '' : 's'} of sample data`
                          : `create ${s.create.length}, skip ${s.skip.length} already there${s.reject.length ? `, reject ${s.reject.length}` : ''}`}
                        <Show when={s.section !== 'records' && (s.create.length || s.skip.length || s.reject.length)}>
                          <ul class="pl-5">
                            <For each={s.create}>{(c) => <li class="text-green-900">+ {LABELS[s.section] ?? s.section} {String(c)}</li>}</For>
                            <For each={s.skip}>{(c) => <li class="text-slate-600">= {LABELS[s.section] ?? s.section} {String(c)} (skipped: it exists)</li>}</For>
                            <For each={s.reject}>{(r) => <li class="text-red-800">✗ {LABELS[s.section] ?? s.section} {String(r.item)}: {r.message}</li>}</For>
                          </ul>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <ErrorBox error={doImport.error()} title="The import was refused; nothing changed" />
              <button type="button" class="btn btn-primary" disabled={doImport.busy() || !p().valid} onClick={() => doImport.run()}>Import</button>
              <Show when={!p().valid}><p class="text-sm text-red-800">Fix the rejected items in the document first: the import is all or nothing.</p></Show>
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
