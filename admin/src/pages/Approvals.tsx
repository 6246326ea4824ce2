import { useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { action, CardSection, ErrorBox, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import { useAppList } from '../lib/entity';

interface Instance {
  id: string;
  workflow_name: string;
  status: string;
  current_step: string;
  current_step_deadline: string | null;
  context: Record<string, unknown>;
  history: { step: string; status: string; by?: string; at: string; comment?: string }[];
  created_at: string;
}

function History(props: { instance: Instance }) {
  return (
    <ol class="mt-1 space-y-0.5 text-xs" aria-label="History">
      <For each={props.instance.history} fallback={<li class="text-slate-500">No steps finished yet.</li>}>
        {(h) => (
          <li>
            <span class="font-mono">{new Date(h.at).toLocaleString()}</span> · <strong>{h.step}</strong> {h.status}
            {h.by ? ` by ${h.by}` : ''}
            <Show when={h.comment}>
              <blockquote class="ml-4 whitespace-pre-wrap border-l-2 border-slate-300 pl-2 text-slate-700" data-testid="history-comment">{h.comment}</blockquote>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

/** Workflow instances waiting at an approval step the caller may decide; approve or reject; any instance's history. */
export default function Approvals() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: approvals`);
  const api = () => appApi(params.app);
  const [pending, { refetch }] = useAppList<Instance>(() => params.app, '/_workflows/pending');
  const [decided, setDecided] = createSignal<Instance | null>(null);
  // typed comments by instance id: a refresh of the list must not drop them
  const [comments, setComments] = createSignal<Record<string, string>>({});
  const decide = action(async (id: string, verdict: 'approve' | 'reject', comment: string) => {
    const r = await api().post<{ data: Instance }>(`/_workflows/${id}/${verdict}`, comment.trim() ? { comment: comment.trim() } : {});
    setDecided(r.data);
    await refetch();
  });
  const [lookup, setLookup] = createSignal('');
  const find = action(async () => (await api().get<{ data: Instance }>(`/_workflows/${encodeURIComponent(lookup().trim())}`)).data);
  const [found, setFound] = createSignal<Instance | null>(null);

  return (
    <div class="space-y-4">
      <section class="card space-y-2" aria-labelledby="pending-h">
        <div class="flex items-center gap-2">
          <h1 id="pending-h" class="h1 mr-auto">Approvals waiting for me</h1>
          <button type="button" class="btn btn-small" onClick={() => refetch()}>Refresh</button>
        </div>
        <Loading when={pending.loading} />
        <ErrorBox error={pending.error} title="Could not list pending approvals" />
        <ErrorBox error={decide.error()} title="The decision was refused" />
        <Show when={decided()}>
          {(d) => (
            <p role="status" class="rounded border border-green-300 bg-green-50 p-2 text-sm text-green-900">
              {d().workflow_name} is now {d().status}{d().current_step ? ` at ${d().current_step}` : ''}.
            </p>
          )}
        </Show>
        <Show when={pending()?.length === 0}>
          <p class="text-sm text-slate-600">Nothing is waiting for you.</p>
        </Show>
        <ul class="space-y-3">
          <For each={pending()}>
            {(i) => {
              const comment = () => comments()[i.id] ?? '';
              const setComment = (v: string) => setComments({ ...comments(), [i.id]: v });
              return (
              <li class="rounded border border-slate-200 p-3" data-instance={i.id}>
                <div class="flex flex-wrap items-center gap-2">
                  <strong>{i.workflow_name}</strong>
                  <span class="text-sm">step <code>{i.current_step}</code></span>
                  <Show when={i.current_step_deadline}>
                    <span class="text-xs text-amber-800">due {new Date(i.current_step_deadline!).toLocaleString()}</span>
                  </Show>
                  <span class="ml-auto flex gap-1">
                    <button type="button" class="btn btn-primary btn-small" disabled={decide.busy()} onClick={() => decide.run(i.id, 'approve', comment())}>Approve</button>
                    <button type="button" class="btn btn-small" disabled={decide.busy()} onClick={() => decide.run(i.id, 'reject', comment())}>Reject</button>
                  </span>
                </div>
                <label class="label mt-1" for={`comment-${i.id}`}>Comment (optional, kept in the history)</label>
                <textarea id={`comment-${i.id}`} class="input h-14 text-sm" maxLength={2000} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
                <pre tabindex="0" class="mt-1 overflow-x-auto rounded bg-slate-50 p-1 text-xs">{JSON.stringify(i.context)}</pre>
                <History instance={i} />
              </li>
              );
            }}
          </For>
        </ul>
      </section>
      <CardSection id="lookup-h" title="An instance's history">
        <form class="flex flex-wrap gap-2" onSubmit={async (e) => (e.preventDefault(), setFound((await find.run()) ?? null))}>
          <label class="sr-only" for="instance-id">Instance id</label>
          <input id="instance-id" class="input max-w-md" placeholder="instance id" value={lookup()} onInput={(e) => setLookup(e.currentTarget.value)} />
          <button class="btn" type="submit">Show</button>
        </form>
        <ErrorBox error={find.error()} title="Not found" />
        <Show when={found()}>
          {(f) => (
            <div class="text-sm">
              <strong>{f().workflow_name}</strong> — {f().status}{f().current_step ? ` at ${f().current_step}` : ''}
              <History instance={f()} />
            </div>
          )}
        </Show>
      </CardSection>
    </div>
  );
}
