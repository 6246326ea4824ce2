import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { action, CardSection, DataTable, ErrorBox, Loading, useTitle } from '../components';
import { appApi, parseJson } from '../lib/api';
import { useAppList, useEntityNames } from '../lib/entity';

interface Policy {
  id: string;
  entity: string;
  action: string;
  roles: string[];
  conditions: { field: string; operator: string; value: unknown }[];
}
const ACTIONS = ['read', 'create', 'update', 'delete'] as const;

/**
 * Permissions as a matrix: entities × actions for one role. A tick is a policy granting the action to the role;
 * its row conditions are edited in place. Policies shared by several roles are changed for this role only.
 */
export default function Permissions() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: permissions`);
  const api = () => appApi(params.app);
  const [policies, { refetch }] = useAppList<Policy>(() => params.app, '/_admin/permissions');
  const [entities] = useEntityNames(() => params.app);
  const [users] = createResource(() => params.app, () => api().get<{ data: { roles: string[] }[] }>('/_admin/users').then((r) => r.data).catch(() => []));
  const roles = createMemo(() => {
    const s = new Set<string>();
    for (const p of policies() ?? []) p.roles.forEach((r) => s.add(r));
    for (const u of users() ?? []) u.roles.forEach((r) => s.add(r));
    s.delete('admin');
    return [...s].sort();
  });
  const [role, setRole] = createSignal('');
  const [newRole, setNewRole] = createSignal('');
  const current = () => role() || roles()[0] || '';
  const policyFor = (entity: string, act: string) =>
    (policies() ?? []).find((p) => p.entity === entity && p.action === act && p.roles.some((r) => r.toLowerCase() === current().toLowerCase()));

  const toggle = action(async (entity: string, act: string) => {
    const p = policyFor(entity, act);
    if (!p) await api().post('/_admin/permissions', { entity, action: act, roles: [current()], conditions: [] });
    else if (p.roles.length === 1) await api().del(`/_admin/permissions/${p.id}`);
    else await api().put(`/_admin/permissions/${p.id}`, { entity, action: act, roles: p.roles.filter((r) => r !== current()), conditions: p.conditions });
    await refetch();
  });
  const [editing, setEditing] = createSignal<Policy | null>(null);
  const [conditions, setConditions] = createSignal('');
  const saveConditions = action(async () => {
    const p = editing()!;
    await api().put(`/_admin/permissions/${p.id}`, { entity: p.entity, action: p.action, roles: p.roles, conditions: parseJson(conditions()) });
    setEditing(null);
    await refetch();
  });

  return (
    <div class="space-y-4">
      <section class="card space-y-3" aria-labelledby="perm-h">
        <div class="flex flex-wrap items-center gap-2">
          <h1 id="perm-h" class="h1 mr-auto">Permissions of {params.app}</h1>
          <A class="btn btn-small" href={`/apps/${params.app}/meta/permissions`}>All policies as JSON</A>
        </div>
        <p class="text-sm text-slate-600">Only admins may act on an entity until a policy allows it. Pick a role; tick what it may do; add row conditions to limit which records.</p>
        <div class="flex flex-wrap items-end gap-2">
          <div>
            <label class="label" for="perm-role">Role</label>
            <select id="perm-role" class="input" value={current()} onChange={(e) => setRole(e.currentTarget.value)}>
              <For each={roles()}>{(r) => <option value={r}>{r}</option>}</For>
            </select>
          </div>
          <form class="flex items-end gap-2" onSubmit={(e) => (e.preventDefault(), newRole().trim() && (setRole(newRole().trim()), setNewRole('')))}>
            <div>
              <label class="label" for="perm-new-role">Another role</label>
              <input id="perm-new-role" class="input" value={newRole()} onInput={(e) => setNewRole(e.currentTarget.value)} />
            </div>
            <button class="btn" type="submit">Use</button>
          </form>
        </div>
        <Loading when={policies.loading || entities.loading} />
        <ErrorBox error={policies.error || entities.error} title="Could not load" />
        <ErrorBox error={toggle.error()} title="The change was refused" />
        <Show when={current()} fallback={<p class="text-sm">No roles yet: type one under “Another role”.</p>}>
          <DataTable
            testid="permission-matrix"
            caption={<caption class="sr-only">What role {current()} may do</caption>}
            each={entities()}
            head={
              <>
                <th class="th">Entity</th>
                <For each={ACTIONS}>{(a) => <th class="th text-center">{a}</th>}</For>
              </>
            }
          >
            {(e) => (
              <tr>
                <th scope="row" class="td text-left font-medium">{e}</th>
                <For each={ACTIONS}>
                  {(a) => {
                    const p = () => policyFor(e, a);
                    return (
                      <td class="td text-center">
                        <input type="checkbox" class="h-4 w-4" checked={!!p()} disabled={toggle.busy()} aria-label={`${current()} may ${a} ${e}`} onChange={() => toggle.run(e, a)} />
                        <Show when={p()}>
                          <button
                            type="button" class="ml-1 rounded px-1 text-xs text-indigo-700 underline"
                            onClick={() => (saveConditions.setError(null), setEditing(p()!), setConditions(JSON.stringify(p()!.conditions, null, 2)))}
                          >
                            {p()!.conditions.length ? `${p()!.conditions.length} cond.` : 'all rows'}
                            <span class="sr-only">: row conditions for {current()} {a} {e}</span>
                          </button>
                        </Show>
                      </td>
                    );
                  }}
                </For>
              </tr>
            )}
          </DataTable>
        </Show>
      </section>
      <Show when={editing()}>
        <CardSection id="cond-h" title={<>Row conditions: {editing()!.roles.join(', ')} may {editing()!.action} {editing()!.entity} when all hold</>}>
          <p class="text-xs text-slate-600">[{'{'}"field": "owner_id", "operator": "eq", "value": "…"{'}'}] — operators eq, neq, gt, gte, lt, lte, in, not_in, like. An empty list means every row.</p>
          <textarea class="input h-40 font-mono text-xs" aria-label="Conditions (JSON)" value={conditions()} onInput={(e) => setConditions(e.currentTarget.value)} />
          <ErrorBox error={saveConditions.error()} title="The conditions were refused" />
          <div class="flex gap-2">
            <button type="button" class="btn btn-primary" onClick={() => saveConditions.run()}>Save conditions</button>
            <button type="button" class="btn" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </CardSection>
      </Show>
    </div>
  );
}
