import { A, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { action, ActionsCell, ActionsHeader, CardSection, ConfirmDelete, DataTable, DeleteButton, deletion, ErrorBox, Listing, useTitle } from '../components';
import { appApi, parseJson } from '../lib/api';
import { KINDS, summary } from '../lib/kinds';
import { RuleBuilder } from '../builders/RuleBuilder';
import { StateMachineBuilder } from '../builders/StateMachineBuilder';
import { WebhookBuilder } from '../builders/WebhookBuilder';
import { WorkflowBuilder } from '../builders/WorkflowBuilder';
import { StateDiagram } from '../StateDiagram';
import { WebhookLogs } from '../WebhookLogs';

type Row = Record<string, unknown> & { id: string };

/** The kinds edited with a form instead of a JSON document. */
const BUILDERS: Record<string, typeof RuleBuilder> = { rules: RuleBuilder, 'state-machines': StateMachineBuilder, workflows: WorkflowBuilder, webhooks: WebhookBuilder };

/**
 * Rules, state machines, workflows, permissions and webhooks: a list, and an editor for one item — a form
 * for rules, state machines, workflows and webhooks (with the stored JSON as an advanced choice), a JSON
 * document (started from a template) for permissions — saved through the admin API with every error shown.
 */
export default function MetaResource() {
  const params = useParams() as Record<string, string>;
  const kind = () => KINDS[params.kind];
  useTitle(() => `${params.app}: ${kind()?.title ?? params.kind}`);
  const api = () => appApi(params.app);
  const [rows, { refetch }] = createResource(
    () => (kind() ? [params.app, params.kind] : null),
    ([, k]) => api().get<{ data: Row[] }>(`/_admin/${k}`).then((r) => r.data),
  );
  const [editing, setEditing] = createSignal<Row | 'new' | null>(null);
  const [text, setText] = createSignal('');
  const [asJson, setAsJson] = createSignal(false);
  createEffect(() => {
    params.kind;
    setEditing(null);
  });
  // focus goes into the editor when it opens and back to the button that opened it when it closes
  let opener: HTMLElement | null = null;
  const close = () => {
    setEditing(null);
    (opener?.isConnected ? opener : document.getElementById('meta-new'))?.focus();
  };
  const open = (row: Row | 'new') => {
    opener = document.activeElement as HTMLElement | null;
    const k = kind()!;
    const doc = row === 'new' ? k.template : Object.fromEntries(k.keys.filter((key) => key in row).map((key) => [key, row[key]]));
    setText(JSON.stringify(doc, null, 2));
    save.setError(null);
    setAsJson(false);
    setEditing(row);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-editor] :is(input, select, textarea):not(#meta-as-json)')?.focus());
  };
  const save = action(async () => {
    const body = parseJson(text());
    const e = editing();
    if (e === 'new') await api().post(`/_admin/${params.kind}`, body);
    else if (e) await api().put(`/_admin/${params.kind}/${e.id}`, body);
    close();
    await refetch();
  });
  const remove = deletion((r: Row) => api().del(`/_admin/${params.kind}/${r.id}`), refetch);
  const parsed = () => {
    try {
      return JSON.parse(text());
    } catch {
      return null;
    }
  };

  const JsonEditor = () => (
            <form class="space-y-2" onSubmit={(e) => (e.preventDefault(), save.run())}>
              <label class="label" for="meta-json">Definition (JSON)</label>
              <textarea id="meta-json" class="input h-80 font-mono text-xs" spellcheck={false} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
              <Show when={!parsed()}>
                <p class="field-error">Not valid JSON yet.</p>
              </Show>
              <Show when={params.kind === 'state-machines' && parsed()?.definition}>
                <StateDiagram definition={parsed().definition} />
              </Show>
              <ErrorBox error={save.error()} title="The server refused it" />
              <div class="flex gap-2">
                <button class="btn btn-primary" type="submit" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save'}</button>
                <button class="btn" type="button" onClick={close}>Cancel</button>
              </div>
            </form>
  );

  return (
    <Show when={kind()} fallback={<p>Unknown section {params.kind}.</p>}>
      <div class="space-y-4">
        <section class="card" aria-labelledby="meta-h">
          <div class="mb-2 flex flex-wrap items-center gap-2">
            <h1 id="meta-h" class="h1 mr-auto">{kind()!.title} of {params.app}</h1>
            <button id="meta-new" type="button" class="btn btn-primary" onClick={() => open('new')}>New {kind()!.singular}</button>
          </div>
          <p class="mb-3 text-sm text-slate-600">{kind()!.help}</p>
          <Listing list={rows} errorTitle={`Could not list the ${kind()!.title.toLowerCase()}`} empty="None yet.">
            <DataTable
              testid="meta-table"
              each={rows()}
              head={
                <>
                  <For each={kind()!.columns}>{(c) => <th class="th">{c}</th>}</For>
                  <ActionsHeader />
                </>
              }
            >
              {(r) => (
                <tr>
                  <For each={kind()!.columns}>{(c) => <td class="td text-xs">{summary(r[c])}</td>}</For>
                  <ActionsCell>
                    <button type="button" class="btn btn-small mr-1" onClick={() => open(r)}>Edit</button>
                    <DeleteButton onClick={() => remove.ask(r)} />
                  </ActionsCell>
                </tr>
              )}
            </DataTable>
          </Listing>
        </section>
        <Show when={editing()}>
          <CardSection id="edit-h" title={editing() === 'new' ? `New ${kind()!.singular}` : `Edit ${kind()!.singular}`}>
            <div data-editor onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}>
              <Show when={BUILDERS[params.kind]}>
                <label class="mb-2 inline-flex items-center gap-2 text-sm" for="meta-as-json">
                  <input id="meta-as-json" type="checkbox" checked={asJson()} onChange={(e) => (save.setError(null), setAsJson(e.currentTarget.checked))} />
                  Advanced: edit the {editing() === 'new' ? 'template' : 'stored definition'} as JSON
                </label>
              </Show>
              <Show when={!asJson() && BUILDERS[params.kind]} keyed fallback={<JsonEditor />}>
                {(builder) => <Dynamic component={builder} app={params.app} row={editing()} onCancel={close} onSaved={() => (close(), refetch())} />}
              </Show>
            </div>
          </CardSection>
        </Show>
        <Show when={params.kind === 'state-machines' && !editing() && rows()?.length}>
          <section class="card space-y-3" aria-label="Diagrams">
            <h2 class="h2">Diagrams</h2>
            <For each={rows()}>
              {(r) => (
                <div>
                  <h3 class="text-sm font-semibold">{String(r.entity)}.{String(r.field)}</h3>
                  <StateDiagram definition={r.definition as any} />
                </div>
              )}
            </For>
          </section>
        </Show>
        <Show when={params.kind === 'webhooks'}>
          <WebhookLogs app={params.app} />
        </Show>
        <Show when={params.kind === 'workflows'}>
          <p class="text-sm">
            Approvals waiting for you: <A class="link" href={`/apps/${params.app}/approvals`}>Approvals</A>.
          </p>
        </Show>
        <ConfirmDelete deletion={remove} title={`Delete this ${kind()!.singular}?`} confirmLabel="Delete">
          <pre tabindex="0" class="max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(remove.item() ?? null, null, 2)}</pre>
        </ConfirmDelete>
      </div>
    </Show>
  );
}
