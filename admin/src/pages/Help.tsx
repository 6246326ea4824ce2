import { For } from 'solid-js';
import { useTitle } from '../components';

const TOPICS: { id: string; title: string; text: string; example?: string }[] = [
  {
    id: 'apps', title: 'Apps and sign-in',
    text: 'Each app has its own database, users and token secret. A platform administrator signs in once and administers every app; an app user (App login) only reaches that app, with its roles. Tokens refresh silently a minute before they expire.',
  },
  {
    id: 'entities', title: 'Entities and fields',
    text: 'An entity is a table plus REST routes (/api/{app}/{entity}). Fields have a type (string, text, int, bigint, decimal, boolean, uuid, timestamp, date, json, file) and options: required, nullable, unique, index, default, enum, precision (decimal scale), auto (timestamps set on create / update). Changes are additive: columns are never dropped, only widening type changes are accepted. The editor shows the table changes before they are applied.',
    example: '{"name": "order", "table": "orders", "soft_delete": true,\n "primary_key": {"field": "id", "type": "uuid", "generated": true},\n "fields": [{"name": "id", "type": "uuid"},\n            {"name": "ref", "type": "string", "required": true, "unique": true},\n            {"name": "total", "type": "decimal", "precision": 2},\n            {"name": "created_at", "type": "timestamp", "auto": "create"}]}',
  },
  {
    id: 'relations', title: 'Relations',
    text: 'one_to_many / one_to_one keep the foreign key (target_key) on the target; many_to_many uses a join table. on_delete says what deleting a source record does: cascade, set_null, restrict (refuse while children exist) or detach (unlink join rows). eager relations are included in every read. Relations are read with include= and written as nested payloads.',
    example: '{"name": "lines", "type": "one_to_many", "source": "order", "target": "order_line",\n "source_key": "id", "target_key": "order_id", "ownership": "source", "on_delete": "cascade"}',
  },
  {
    id: 'queries', title: 'Filters, sort and pages',
    text: 'The data browser uses the API’s own query string, so its address can be shared: filter[field]=v (equals), filter[field.op]=v with op eq, neq, gt, gte, lt, lte, in, not_in (comma lists) and like (% and _), filter[relation.field]=v for related rows; sort=a,-b; page and per_page (≤ 100).',
    example: '/api/shop/order?filter[total.gte]=100&filter[state.in]=open,held&sort=-created_at&include=lines',
  },
  {
    id: 'nested', title: 'Nested writes',
    text: 'Children of a one_to_many relation are edited inside the parent’s form and saved with it in one transaction: rows without an id are inserted, rows with an id updated, rows marked Remove deleted (_delete). Validation errors of a child name its relation and row.',
    example: '{"ref": "A-7", "lines": {"_write_mode": "diff", "data": [{"sku": "X1", "qty": 2}, {"id": "…", "_delete": true}]}}',
  },
  {
    id: 'rules', title: 'Rules',
    text: 'Field rules check one value (min, max, pattern, in, …); expression rules are violated when the expression is true; computed rules store the result of an expression in a field. Hooks: before_write, after_write (can still roll back) and before_delete. The expression sees record, old, action, user, now and related.',
    example: '{"entity": "order", "hook": "before_write", "type": "expression", "priority": 10,\n "definition": {"expression": "record.state == \'done\' && record.closed_on == nil", "message": "closed_on is required once done"}}',
  },
  {
    id: 'state-machines', title: 'State machines',
    text: 'A state machine guards one field: a change must follow a transition whose from lists the old value; roles restrict who may take it (admins always may); the guard must be true; actions run with it. A record page offers a button for every transition its current state allows.',
  },
  {
    id: 'workflows', title: 'Workflows and approvals',
    text: 'A workflow starts when a field reaches a value (trigger). Steps are conditions, actions and approvals; an approval waits for an assignee (a role, a user, or a user found through the record) and may time out ("48h"). Approvals lists what waits for you; approving or rejecting continues the workflow, and every instance keeps its history.',
  },
  {
    id: 'permissions', title: 'Permissions',
    text: 'Access is a whitelist: only admins may act on an entity until a policy allows an action (read, create, update, delete) to some roles. Conditions limit the rows a policy covers; for reads they become filters, so users only ever see their rows.',
    example: '{"entity": "order", "action": "update", "roles": ["clerk"], "conditions": [{"field": "state", "operator": "in", "value": ["open", "held"]}]}',
  },
  {
    id: 'webhooks', title: 'Webhooks',
    text: 'before_* webhooks are called inside the transaction and can veto a write; after_* webhooks are queued in the same transaction and sent after commit, retried with back-off. The delivery log shows every attempt; failed deliveries can be retried.',
  },
  {
    id: 'audit', title: 'Audit log, export and import',
    text: 'Every create, update and delete writes an audit row with the changed values and the user, in the same transaction. Export writes an app’s metadata as one document; import applies one (skipping what exists) in a single transaction, after a preview of what it would create.',
  },
];

/** The concepts of Rocket, each with an example. */
export default function Help() {
  useTitle(() => 'Help');
  return (
    <div class="grid gap-4 lg:grid-cols-4">
      <nav aria-label="Topics" class="lg:sticky lg:top-2 lg:self-start">
        <ul class="card space-y-1 text-sm">
          <For each={TOPICS}>{(t) => <li><a class="link" href={`#${t.id}`}>{t.title}</a></li>}</For>
        </ul>
      </nav>
      <div class="space-y-4 lg:col-span-3">
        <h1 class="h1">Help</h1>
        <For each={TOPICS}>
          {(t) => (
            <section id={t.id} class="card" aria-labelledby={`${t.id}-h`}>
              <h2 id={`${t.id}-h`} class="h2 mb-2">{t.title}</h2>
              <p class="text-sm leading-relaxed">{t.text}</p>
              {t.example && <pre tabindex="0" class="mt-2 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{t.example}</pre>}
            </section>
          )}
        </For>
      </div>
    </div>
  );
}
