import { createSignal, Show } from 'solid-js';
import { action, ErrorBox } from '../components';
import { appApi } from '../lib/api';
import { Check, errorsByPath, FieldMsg, invalid, JsonPreview, type Pair, PairsInput, Pick, remaining, Text, toPairs, useEntityDefs } from './parts';

const HOOKS = [
  ['after_write', 'after_write (after commit, with retries)'],
  ['after_delete', 'after_delete (after commit, with retries)'],
  ['before_write', 'before_write (in the transaction; a failure refuses the write)'],
  ['before_delete', 'before_delete (in the transaction; a failure refuses the delete)'],
] as const;
const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];
const BACKOFFS = [['exponential', 'exponential (30 s, 60 s, 120 s …)'], ['linear', 'linear (every 30 s)']] as const;

interface WebhookForm {
  entity: string;
  hook: string;
  url: string;
  method: string;
  headers: Pair[];
  condition: string;
  async: boolean;
  maxAttempts: string;
  backoff: string;
  active: boolean;
}

function toForm(row: any): WebhookForm {
  const r = row?.retry ?? {};
  return {
    entity: String(row?.entity ?? ''),
    hook: String(row?.hook ?? 'after_write'),
    url: String(row?.url ?? ''),
    method: String(row?.method ?? 'POST'),
    headers: toPairs(row?.headers).map((p) => ({ key: p.key, value: { kind: 'text', text: p.value.text } })),
    condition: String(row?.condition ?? ''),
    async: row?.async !== false,
    maxAttempts: String(r.max_attempts ?? 3),
    backoff: String(r.backoff ?? 'exponential'),
    active: row?.active !== false,
  };
}

/** The webhook as the API takes it (a PUT is the whole definition: every key is sent). */
export function webhookJson(f: WebhookForm) {
  const n = f.maxAttempts.trim();
  return {
    entity: f.entity,
    hook: f.hook,
    url: f.url.trim(),
    method: f.method,
    headers: Object.fromEntries(f.headers.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value.text])),
    condition: f.condition,
    async: f.async,
    retry: { max_attempts: /^-?\d+$/.test(n) ? Number(n) : n, backoff: f.backoff },
    active: f.active,
  };
}

const SHOWN = /^(entity|hook|url|method|headers|condition|async|active|retry(\.(max_attempts|backoff))?)$/;

/** A webhook without JSON: entity and hook, the call (URL, method, headers), the condition, retries. */
export function WebhookBuilder(props: { app: string; row: any; onSaved: () => void; onCancel: () => void }) {
  const isNew = () => props.row === 'new';
  const [form, setForm] = createSignal<WebhookForm>(toForm(isNew() ? null : props.row));
  const [entities] = useEntityDefs(() => props.app);
  const patch = (p: Partial<WebhookForm>) => setForm({ ...form(), ...p });
  const save = action(async () => {
    const api = appApi(props.app);
    if (isNew()) await api.post('/_admin/webhooks', webhookJson(form()));
    else await api.put(`/_admin/webhooks/${props.row.id}`, webhookJson(form()));
    props.onSaved();
  });
  const errs = () => errorsByPath(save.error());
  const after = () => form().hook.startsWith('after_');

  return (
    <form class="space-y-3" data-testid="webhook-builder" noValidate onSubmit={(e) => (e.preventDefault(), save.run())}>
      <div class="grid gap-2 sm:grid-cols-2">
        <Pick id="wh-entity" label="Entity" value={form().entity} options={entities()?.map((e) => e.name) ?? []} blank="(choose)" onChange={(v) => patch({ entity: v })} msgs={errs().entity} />
        <Pick id="wh-hook" label="When" value={form().hook} options={HOOKS as unknown as [string, string][]} onChange={(v) => patch({ hook: v })} msgs={errs().hook} />
        <Text id="wh-url" class="sm:col-span-2" label="URL" value={form().url} placeholder="https://hooks.example.com/orders" onInput={(v) => patch({ url: v })} msgs={errs().url}
          hint="http:// or https://; private and loopback addresses are refused unless the server admits them." />
        <Pick id="wh-method" label="Method" value={form().method} options={METHODS} onChange={(v) => patch({ method: v })} msgs={errs().method} />
        <div class="flex flex-wrap items-end gap-4 pb-2">
          <Check id="wh-active" label="Active" checked={form().active} onChange={(v) => patch({ active: v })} msgs={errs().active} />
          <Check id="wh-async" label="async (kept for compatibility)" checked={form().async} onChange={(v) => patch({ async: v })} msgs={errs().async} />
        </div>
      </div>
      <PairsInput id="wh-headers" label="Headers" keyLabel="header" valueLabel="value" textOnly pairs={form().headers} onChange={(v) => patch({ headers: v })} msgs={errs().headers}
        hint="Values may use {{env.ROCKET_HOOK_NAME}}: the server's variable is put in when the call is made, never shown." />
      <div>
        <label class="label" for="wh-condition">Condition (empty: always)</label>
        <textarea id="wh-condition" class="input h-16 font-mono text-xs" spellcheck={false} value={form().condition} placeholder="action == 'create'"
          onInput={(e) => patch({ condition: e.currentTarget.value })} {...invalid('wh-condition', errs().condition)} />
        <p class="mt-0.5 text-xs text-slate-500">An expression on record, old, changes, action, entity, event and user; the webhook fires when it is true.</p>
        <FieldMsg id="wh-condition" msgs={errs().condition} />
      </div>
      <fieldset class="rounded border border-slate-200 p-3">
        <legend class="px-1 text-sm font-semibold">Retries{after() ? '' : ' (after_* hooks only)'}</legend>
        <div class="grid gap-2 sm:grid-cols-2">
          <div>
            <label class="label" for="wh-max-attempts">Attempts (1–100)</label>
            <input id="wh-max-attempts" class="input" type="number" min="1" max="100" step="1" value={form().maxAttempts} onInput={(e) => patch({ maxAttempts: e.currentTarget.value })}
              {...invalid('wh-max-attempts', errs()['retry.max_attempts'])} />
            <FieldMsg id="wh-max-attempts" msgs={errs()['retry.max_attempts']} />
          </div>
          <Pick id="wh-backoff" label="Backoff" value={form().backoff} options={BACKOFFS as unknown as [string, string][]} onChange={(v) => patch({ backoff: v })} msgs={errs()['retry.backoff']} />
        </div>
        <FieldMsg id="wh-retry" msgs={errs().retry} />
      </fieldset>

      <JsonPreview value={webhookJson(form())} />
      <ErrorBox error={remaining(save.error(), (p) => SHOWN.test(p))} title="The server refused it" />
      <Show when={save.error() && !remaining(save.error(), (p) => SHOWN.test(p))}>
        <p role="alert" class="field-error">The server refused it: see the messages next to the inputs.</p>
      </Show>
      <div class="flex gap-2">
        <button class="btn btn-primary" type="submit" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save'}</button>
        <button class="btn" type="button" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}
