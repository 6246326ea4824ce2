import { createSignal, Show } from 'solid-js';
import { action, ErrorBox } from './components';
import { appApi, parseJson } from './lib/api';

interface Outcome {
  result: unknown;
  truthy: boolean;
}

/**
 * The live rule tester: evaluates an expression on the server, with the engine and environment rules use,
 * against a sample record typed here as JSON; shows the result or the server's error.
 */
export function RuleTester(props: { app: string; expression: string; entity?: string; type?: string }) {
  const [sample, setSample] = createSignal('{\n  "qty": 0\n}');
  const [old, setOld] = createSignal('');
  const [act, setAct] = createSignal('create');
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const run = action(async () => {
    setOutcome(null);
    const body: Record<string, unknown> = { expression: props.expression, record: parseJson(sample()), action: act() };
    if (old().trim()) body.old = parseJson(old());
    if (props.entity) body.entity = props.entity;
    const r = await appApi(props.app).post<{ data: Outcome }>('/_admin/rules/test', body);
    setOutcome(r.data);
  });
  const meaning = (o: Outcome) => {
    if (props.type === 'expression') return o.truthy ? 'the rule would refuse this record' : 'the record passes this rule';
    if (props.type === 'computed') return 'the value the field would get (before its type is applied)';
    return o.truthy ? 'truthy' : 'falsy';
  };

  return (
    <section class="space-y-2 rounded border border-slate-200 p-3" aria-labelledby="tester-h" data-testid="rule-tester">
      <h3 id="tester-h" class="text-sm font-semibold">Test the expression</h3>
      <p class="text-xs text-slate-600">
        <code class="break-all">{props.expression || '(no expression in the definition)'}</code>
        {props.entity ? ` on ${props.entity} (fields left out take their defaults)` : ''}
      </p>
      <form class="space-y-2" onSubmit={(e) => (e.preventDefault(), run.run())}>
        <div class="grid gap-2 md:grid-cols-2">
          <div>
            <label class="label" for="tester-record">Sample record (JSON)</label>
            <textarea id="tester-record" class="input h-28 font-mono text-xs" spellcheck={false} value={sample()} onInput={(e) => setSample(e.currentTarget.value)} />
          </div>
          <div>
            <label class="label" for="tester-old">Old record for updates (JSON, optional)</label>
            <textarea id="tester-old" class="input h-28 font-mono text-xs" spellcheck={false} value={old()} onInput={(e) => setOld(e.currentTarget.value)} />
          </div>
        </div>
        <div class="flex flex-wrap items-end gap-2">
          <div>
            <label class="label" for="tester-action">Action</label>
            <select id="tester-action" class="input" value={act()} onChange={(e) => setAct(e.currentTarget.value)}>
              <option value="create">create</option>
              <option value="update">update</option>
              <option value="delete">delete</option>
            </select>
          </div>
          <button class="btn" type="submit" disabled={run.busy() || !props.expression}>{run.busy() ? 'Running…' : 'Run'}</button>
        </div>
      </form>
      <ErrorBox error={run.error()} title="The expression could not be evaluated" />
      <Show when={outcome()}>
        {(o) => (
          <div role="status" class="rounded border border-green-300 bg-green-50 p-2 text-sm" data-testid="tester-result">
            <div>
              Result: <code class="font-mono">{JSON.stringify(o().result)}</code>
            </div>
            <div class="text-xs text-slate-700">{meaning(o())}</div>
          </div>
        )}
      </Show>
    </section>
  );
}
