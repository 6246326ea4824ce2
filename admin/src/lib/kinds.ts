/** The metadata resources edited as JSON documents: columns for the list, editable keys, a starting template. */
export interface Kind {
  title: string;
  singular: string;
  columns: string[];
  keys: string[];
  template: Record<string, unknown>;
  help: string;
}

export const KINDS: Record<string, Kind> = {
  rules: {
    title: 'Rules',
    singular: 'rule',
    columns: ['entity', 'hook', 'type', 'priority', 'active', 'definition'],
    keys: ['entity', 'hook', 'type', 'priority', 'active', 'definition'],
    template: {
      entity: '', hook: 'before_write', type: 'expression', priority: 10, active: true,
      definition: { expression: "record.qty < 1", message: 'qty must be at least 1', stop_on_fail: false },
    },
    help:
      'hook: before_write, after_write or before_delete. type: field ({field, operator, value, message}), expression ' +
      '({expression, message} — true means violated) or computed ({field, expression} — the result is stored). Lower priority runs first.',
  },
  'state-machines': {
    title: 'State machines',
    singular: 'state machine',
    columns: ['entity', 'field', 'active', 'definition'],
    keys: ['entity', 'field', 'active', 'definition'],
    template: {
      entity: '', field: 'state', active: true,
      definition: {
        initial: 'open',
        transitions: [
          { from: ['open'], to: 'shipped', roles: [], guard: 'record.qty > 0', actions: [{ type: 'set_field', field: 'shipped_at', value: 'now' }] },
        ],
      },
    },
    help:
      'A write that changes the field must follow a transition whose from lists the old value. roles limit who may (admin always may); ' +
      'guard must be true; actions: set_field, create_record, webhook, send_event.',
  },
  workflows: {
    title: 'Workflows',
    singular: 'workflow',
    columns: ['name', 'active', 'trigger', 'steps'],
    keys: ['name', 'active', 'trigger', 'context', 'steps'],
    template: {
      name: '', active: true,
      trigger: { type: 'state_change', entity: '', field: 'state', to: 'review' },
      context: { record_id: 'trigger.record_id' },
      steps: [
        { id: 'approve', type: 'approval', assignee: { type: 'role', role: 'manager' }, timeout: '48h', on_approve: { goto: 'done' }, on_reject: 'end', on_timeout: 'end' },
        { id: 'done', type: 'action', then: 'end', actions: [{ type: 'set_field', entity: '', record_id: 'context.record_id', field: 'state', value: 'approved' }] },
      ],
    },
    help:
      'Started when a record of trigger.entity gets trigger.field = trigger.to. Steps: condition (expression, on_true, on_false), ' +
      'approval (assignee role/fixed/relation, timeout like "72h", on_approve, on_reject, on_timeout), action (actions, then).',
  },
  permissions: {
    title: 'Permissions',
    singular: 'permission',
    columns: ['entity', 'action', 'roles', 'conditions'],
    keys: ['entity', 'action', 'roles', 'conditions'],
    template: { entity: '', action: 'read', roles: ['clerk'], conditions: [] },
    help:
      'A whitelist: without a policy for (entity, action) only admins may act. action: read, create, update, delete. conditions ' +
      '([{field, operator, value}], operators eq neq gt gte lt lte in not_in like) limit the rows; for read they become filters.',
  },
  webhooks: {
    title: 'Webhooks',
    singular: 'webhook',
    columns: ['entity', 'hook', 'method', 'url', 'active'],
    keys: ['entity', 'hook', 'url', 'method', 'headers', 'condition', 'async', 'retry', 'active'],
    template: {
      entity: '', hook: 'after_write', url: 'https://hooks.example.com/orders', method: 'POST',
      headers: { 'X-Key': '{{env.ROCKET_HOOK_KEY}}' }, condition: "action == 'create'", async: true,
      retry: { max_attempts: 3, backoff: 'exponential' }, active: true,
    },
    help:
      'before_write / before_delete are called inside the transaction and can veto it; after_write / after_delete are sent after ' +
      'commit through an outbox with retries. Header values may use {{env.ROCKET_HOOK_*}}.',
  },
};

export function summary(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object') ? v.join(', ') : `${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > 70 ? s.slice(0, 67) + '…' : s;
  }
  return String(v);
}
