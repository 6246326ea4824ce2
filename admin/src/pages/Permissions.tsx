import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Index, Show } from 'solid-js';
import { action, CardSection, ErrorBox, Loading, useTitle } from '../components';
import { ApiError, appApi } from '../lib/api';
import { useAppList } from '../lib/entity';
import { errorsByPath, FieldMsg, fromScalar, Pick, remaining, type Scalar, ScalarInput, toScalar, useEntityDefs } from '../builders/parts';

interface Cond {
  field: string;
  operator: string;
  value: unknown;
}
interface Policy {
  id: string;
  entity: string;
  action: string;
  roles: string[];
  conditions: Cond[];
}
interface CondForm {
  field: string;
  operator: string;
  value: Scalar;
}
const ACTIONS = ['create', 'read', 'update', 'delete'] as const;
/** Used only when the server's list cannot be read (its OpenAPI document names them under Operator). */
const FALLBACK_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like'];
const LIST_OPS = ['in', 'not_in'];
const NUMERIC = ['int', 'bigint', 'decimal'];
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Permissions as an entity × action × role matrix: a tick is a policy granting the action on the entity to the
 * role; the button beside it edits that policy's row conditions (field, operator, value). Policies shared by
 * several roles are changed for the role of the cell only. Everything goes through /_admin/permissions.
 */
export default function Permissions() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: permissions`);
  const api = () => appApi(params.app);
  const [policies, { refetch }] = useAppList<Policy>(() => params.app, '/_admin/permissions');
  const [entities] = useEntityDefs(() => params.app);
  const [users] = createResource(() => params.app, () => api().get<{ data: { roles: string[] }[] }>('/_admin/users').then((r) => r.data).catch(() => []));
  const [operators] = createResource(() => params.app, () =>
    api().get<any>('/_openapi').then((d) => (Array.isArray(d?.components?.schemas?.Operator?.enum) ? (d.components.schemas.Operator.enum as string[]) : FALLBACK_OPERATORS)).catch(() => FALLBACK_OPERATORS),
  );
  const [added, setAdded] = createSignal<string[]>([]);
  const roles = createMemo(() => {
    const s = new Map<string, string>();
    const add = (r: string) => !s.has(r.toLowerCase()) && s.set(r.toLowerCase(), r);
    for (const p of policies() ?? []) p.roles.forEach(add);
    for (const u of users() ?? []) u.roles.forEach(add);
    added().forEach(add);
    s.delete('admin');
    return [...s.values()].sort();
  });
  const [newRole, setNewRole] = createSignal('');
  const addRole = () => {
    const r = newRole().trim();
    if (!r || same(r, 'admin')) return;
    setAdded([...added(), r]);
    setNewRole('');
  };
  const policiesFor = (entity: string, act: string, role: string) =>
    (policies() ?? []).filter((p) => p.entity === entity && p.action === act && p.roles.some((r) => same(r, role)));

  // ---- ticking a cell: the error stays next to that cell
  const [cellError, setCellError] = createSignal<{ key: string; error: unknown } | null>(null);
  /** Cells being saved, with the state they were ticked to: shown until the policies read back agree. */
  const [pending, setPending] = createSignal<Record<string, boolean>>({});
  const settle = (key: string) => {
    const { [key]: _, ...rest } = pending();
    setPending(rest);
  };
  const cellKey = (e: string, a: string, r: string) => `${e}|${a}|${r}`;
  const toggle = async (entity: string, act: string, role: string) => {
    const key = cellKey(entity, act, role);
    const ps = policiesFor(entity, act, role);
    setPending({ ...pending(), [key]: !ps.length });
    setCellError(null);
    try {
      if (!ps.length) await api().post('/_admin/permissions', { entity, action: act, roles: [role], conditions: [] });
      for (const p of ps) {
        if (p.roles.length === 1) await api().del(`/_admin/permissions/${p.id}`);
        else await api().put(`/_admin/permissions/${p.id}`, { entity, action: act, roles: p.roles.filter((r) => !same(r, role)), conditions: p.conditions });
      }
    } catch (e) {
      setCellError({ key, error: e });
    } finally {
      // another cell's save may read the policies back meanwhile: the tick stays as set until this one's are read
      try {
        await refetch();
      } finally {
        settle(key);
      }
    }
  };

  // ---- the row conditions of one policy
  const [editing, setEditing] = createSignal<{ policy: Policy; role: string; cell: string } | null>(null);
  const [conds, setConds] = createSignal<CondForm[]>([]);
  let opener: HTMLElement | null = null;
  const open = (policy: Policy, role: string) => {
    opener = document.activeElement as HTMLElement | null;
    save.setError(null);
    setConds(policy.conditions.map((c) => ({ field: c.field, operator: c.operator, value: toScalar(c.value) })));
    setEditing({ policy, role, cell: `${cellKey(policy.entity, policy.action, role)}|${policy.id}` });
    requestAnimationFrame(() => document.querySelector<HTMLElement>('#cond-editor :is(input, select, button)')?.focus());
  };
  /** The focus goes back to the button that opened the editor (drawn anew when the policies were read again). */
  const close = () => {
    const cell = editing()?.cell;
    setEditing(null);
    const again = cell ? [...document.querySelectorAll<HTMLElement>('[data-cell]')].find((b) => b.dataset.cell === cell) : null;
    (opener?.isConnected ? opener : again)?.focus();
  };
  const fieldsOf = (entity: string) => entities()?.find((e) => e.name === entity)?.fields ?? [];
  const typeOf = (entity: string, field: string) => fieldsOf(entity).find((f) => f.name === field)?.type ?? 'string';
  /** The value's kind follows the operator (a list for in/not_in) and the field's type. */
  const kindFor = (entity: string, field: string, op: string): Scalar['kind'] => {
    if (LIST_OPS.includes(op)) return 'list';
    const t = typeOf(entity, field);
    return op !== 'like' && NUMERIC.includes(t) ? 'number' : op !== 'like' && t === 'boolean' ? 'boolean' : 'text';
  };
  const setCond = (i: number, p: Partial<CondForm>) => {
    const entity = editing()!.policy.entity;
    setConds(conds().map((c, j) => {
      if (j !== i) return c;
      const next = { ...c, ...p };
      if ((p.field !== undefined || p.operator !== undefined) && !p.value) {
        const kind = kindFor(entity, next.field, next.operator);
        if (kind !== next.value.kind) next.value = { kind, text: kind === 'boolean' ? 'true' : next.value.text };
      }
      return next;
    }));
  };
  const addCond = () => {
    const p = editing()!.policy;
    const pk = entities()?.find((e) => e.name === p.entity)?.primary_key?.field;
    const field = (fieldsOf(p.entity).find((f) => f.name !== pk) ?? fieldsOf(p.entity)[0])?.name ?? '';
    setConds([...conds(), { field, operator: 'eq', value: { kind: kindFor(p.entity, field, 'eq'), text: '' } }]);
    requestAnimationFrame(() => document.getElementById(`cond-${conds().length - 1}-field`)?.focus());
  };
  const body = () => {
    const p = editing()!.policy;
    return { entity: p.entity, action: p.action, roles: p.roles, conditions: conds().map((c) => ({ field: c.field, operator: c.operator, value: fromScalar(c.value) })) };
  };
  const save = action(async () => {
    await api().put(`/_admin/permissions/${editing()!.policy.id}`, body());
    await refetch();
    close();
  });
  const errs = () => errorsByPath(save.error());
  const shown = (path: string) => /^conditions(\[\d+\](\.(field|operator|value))?)?$/.test(path);

  return (
    <div class="space-y-4">
      <section class="card space-y-3" aria-labelledby="perm-h">
        <div class="flex flex-wrap items-center gap-2">
          <h1 id="perm-h" class="h1 mr-auto">Permissions of {params.app}</h1>
          <A class="btn btn-small" href={`/apps/${params.app}/meta/permissions`}>Advanced: policies as JSON</A>
        </div>
        <p class="text-sm text-slate-600">
          Only admins may act on an entity until a policy allows it. Tick what each role may do; the button beside a tick limits it to the rows
          that meet conditions. Admins may always do everything.
        </p>
        <form class="flex flex-wrap items-end gap-2" onSubmit={(e) => (e.preventDefault(), addRole())}>
          <div>
            <label class="label" for="perm-new-role">Another role</label>
            <input id="perm-new-role" class="input" value={newRole()} placeholder="e.g. clerk" onInput={(e) => setNewRole(e.currentTarget.value)} />
          </div>
          <button class="btn" type="submit">Add role</button>
          <span class="text-xs text-slate-500">Roles come from the app's users and policies; one added here stays until the page is left unless you tick something for it.</span>
        </form>
        <Loading when={policies.loading || entities.loading} />
        <ErrorBox error={policies.error || entities.error} title="Could not load" />
        <Show when={roles().length} fallback={<p class="text-sm">No roles yet: add one under “Another role”.</p>}>
          <div class="relative overflow-x-auto">
            <table class="w-full" data-testid="permission-matrix">
              <caption class="sr-only">What each role may do with each entity</caption>
              <thead>
                <tr>
                  <th class="th">Entity</th>
                  <th class="th">Role</th>
                  <For each={ACTIONS}>{(a) => <th class="th text-center">{a}</th>}</For>
                </tr>
              </thead>
              <For each={entities() ?? []}>
                {(ent) => (
                  <tbody class="border-t-2 border-slate-200">
                    <For each={roles()}>
                      {(role, ri) => (
                        <tr data-entity={ent.name} data-role={role}>
                          <Show when={ri() === 0}>
                            <th scope="rowgroup" rowSpan={roles().length} class="td align-top text-left font-medium">{ent.name}</th>
                          </Show>
                          <th scope="row" class="td text-left text-sm font-normal">{role}</th>
                          <For each={ACTIONS}>
                            {(a) => {
                              const ps = () => policiesFor(ent.name, a, role);
                              const key = cellKey(ent.name, a, role);
                              const err = () => (cellError()?.key === key ? cellError()!.error : null);
                              return (
                                <td class="td text-center" data-action={a}>
                                  <div class="flex flex-wrap items-center justify-center gap-1">
                                    <input type="checkbox" class="h-4 w-4" checked={key in pending() ? pending()[key] : ps().length > 0} disabled={key in pending()} aria-label={`${role} may ${a} ${ent.name}`}
                                      aria-invalid={err() ? 'true' : undefined} aria-describedby={err() ? `cell-${ent.name}-${a}-${role}-err` : undefined}
                                      onChange={() => toggle(ent.name, a, role)} />
                                    <For each={ps()}>
                                      {(p) => (
                                        <button type="button" class="rounded px-1 text-xs text-indigo-700 underline" data-cell={`${key}|${p.id}`} onClick={() => open(p, role)}>
                                          {p.conditions.length ? `${p.conditions.length} cond.` : 'all rows'}
                                          <span class="sr-only">: row conditions for {role} {a} {ent.name}</span>
                                        </button>
                                      )}
                                    </For>
                                  </div>
                                  <Show when={err()}>
                                    <p id={`cell-${ent.name}-${a}-${role}-err`} role="alert" class="field-error text-left" data-testid="cell-error">
                                      {err() instanceof ApiError ? [(err() as ApiError).message, ...(err() as ApiError).details.map((d) => d.message)].join(': ') : String((err() as Error)?.message ?? err())}
                                    </p>
                                  </Show>
                                </td>
                              );
                            }}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                )}
              </For>
            </table>
          </div>
        </Show>
      </section>

      <Show when={editing()}>
        {(ed) => (
          <CardSection id="cond-h" title={<>Row conditions: {ed().policy.roles.join(', ')} may {ed().policy.action} {ed().policy.entity} when all hold</>}>
            <form id="cond-editor" class="space-y-2" data-testid="condition-editor" onSubmit={(e) => (e.preventDefault(), save.run())}
              onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}>
              <p class="text-xs text-slate-600">
                No condition: every row. For read the conditions become filters; for update and delete they are checked on the stored record, for
                create on the new values. The value <code>$user.id</code> stands for the signed-in user.
                <Show when={ed().policy.roles.length > 1}> This policy is shared by the roles {ed().policy.roles.join(', ')}: the conditions apply to all of them.</Show>
              </p>
              <FieldMsg id="cond-list" msgs={errs().conditions} />
              <ul class="space-y-2">
                <Index each={conds()}>
                  {(c, i) => (
                    <li class="grid items-start gap-2 rounded border border-slate-200 p-2 sm:grid-cols-[1fr_1fr_2fr_auto]" data-testid="condition">
                      <Pick id={`cond-${i}-field`} label={`Condition ${i + 1}: field`} value={c().field} options={fieldsOf(ed().policy.entity).map((f) => f.name)} blank="(choose)"
                        onChange={(v) => setCond(i, { field: v })} msgs={errs()[`conditions[${i}].field`]} />
                      <Pick id={`cond-${i}-operator`} label={`Condition ${i + 1}: operator`} value={c().operator} options={operators() ?? FALLBACK_OPERATORS}
                        onChange={(v) => setCond(i, { operator: v })} msgs={errs()[`conditions[${i}].operator`]} />
                      <ScalarInput id={`cond-${i}-value`} label={`Condition ${i + 1}: value`} value={c().value} onChange={(v) => setCond(i, { value: v })}
                        msgs={[...(errs()[`conditions[${i}].value`] ?? []), ...(errs()[`conditions[${i}]`] ?? [])]}
                        hint={LIST_OPS.includes(c().operator) ? 'Comma-separated values.' : c().operator === 'like' ? '% matches any text, _ one character.' : undefined} />
                      <button type="button" class="btn btn-small self-end" aria-label={`Remove condition ${i + 1}`} onClick={() => setConds(conds().filter((_, j) => j !== i))}>Remove</button>
                    </li>
                  )}
                </Index>
              </ul>
              <button type="button" class="btn btn-small" onClick={addCond}>Add condition</button>
              <ErrorBox error={remaining(save.error(), shown)} title="The conditions were refused" />
              <Show when={save.error() instanceof ApiError && !remaining(save.error(), shown)}>
                <p role="alert" class="field-error">The conditions were refused: see the messages next to the inputs.</p>
              </Show>
              <div class="flex gap-2">
                <button type="submit" class="btn btn-primary" disabled={save.busy()}>{save.busy() ? 'Saving…' : 'Save conditions'}</button>
                <button type="button" class="btn" onClick={close}>Cancel</button>
              </div>
            </form>
          </CardSection>
        )}
      </Show>
    </div>
  );
}
