import { useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { action, ActionsCell, ActionsHeader, ConfirmDelete, DataTable, DeleteButton, deletion, ErrorBox, fieldErrors, Loading, useTitle } from '../components';
import { appApi } from '../lib/api';
import { useAppList } from '../lib/entity';

interface User {
  id: string;
  email: string;
  roles: string[];
  active: boolean;
  created_at?: string;
}
const roleList = (s: string) => s.split(',').map((r) => r.trim()).filter(Boolean);

/** The app's users: create, change roles, deactivate/activate, reset the password, delete. */
export default function Users() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: users`);
  const api = () => appApi(params.app);
  const [users, { refetch }] = useAppList<User>(() => params.app, '/_admin/users');

  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [roles, setRoles] = createSignal('');
  const create = action(async () => {
    await api().post('/_admin/users', { email: email().trim(), password: password(), roles: roleList(roles()), active: true });
    setEmail('');
    setPassword('');
    setRoles('');
    await refetch();
  });

  const [editing, setEditing] = createSignal<User | null>(null);
  const [editRoles, setEditRoles] = createSignal('');
  const [newPassword, setNewPassword] = createSignal('');
  const update = action(async (u: User, change: Record<string, unknown>) => {
    await api().put(`/_admin/users/${u.id}`, { email: u.email, ...change });
    setEditing(null);
    setNewPassword('');
    await refetch();
  });
  const remove = deletion((u: User) => api().del(`/_admin/users/${u.id}`), refetch);

  return (
    <div class="grid gap-4 lg:grid-cols-3">
      <section class="card lg:col-span-2" aria-labelledby="users-h">
        <h1 id="users-h" class="h1 mb-3">Users of {params.app}</h1>
        <Loading when={users.loading} />
        <ErrorBox error={users.error} title="Could not list the users" />
        <ErrorBox error={update.error()} title="Could not change the user" />
        <DataTable
          testid="users-table"
          each={users()}
          head={
            <>
              <th class="th">E-mail</th>
              <th class="th">Roles</th>
              <th class="th">Active</th>
              <ActionsHeader />
            </>
          }
        >
          {(u) => (
            <>
              <tr data-user={u.email}>
                <td class="td font-medium">{u.email}</td>
                <td class="td">
                  <For each={u.roles}>{(r) => <span class="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{r}</span>}</For>
                </td>
                <td class="td">{u.active ? 'yes' : <span class="text-red-700">deactivated</span>}</td>
                <ActionsCell>
                  <button type="button" class="btn btn-small mr-1" aria-expanded={editing()?.id === u.id} onClick={() => (setEditing(editing()?.id === u.id ? null : u), setEditRoles(u.roles.join(', ')), setNewPassword(''))}>
                    Edit
                  </button>
                  <button type="button" class="btn btn-small mr-1" onClick={() => update.run(u, { active: !u.active })}>
                    {u.active ? 'Deactivate' : 'Activate'}
                  </button>
                  <DeleteButton label={`Delete user ${u.email}`} onClick={() => remove.ask(u)} />
                </ActionsCell>
              </tr>
              <Show when={editing()?.id === u.id}>
                <tr>
                  <td class="td bg-slate-50" colSpan={4}>
                    <form class="flex flex-wrap items-end gap-2" onSubmit={(e) => {
                      e.preventDefault();
                      const change: Record<string, unknown> = { roles: roleList(editRoles()) };
                      if (newPassword()) change.password = newPassword();
                      update.run(u, change);
                    }}>
                      <div class="min-w-[10rem] flex-1">
                        <label class="label" for={`roles-${u.id}`}>Roles (comma-separated)</label>
                        <input id={`roles-${u.id}`} class="input" value={editRoles()} onInput={(e) => setEditRoles(e.currentTarget.value)} />
                      </div>
                      <div class="min-w-[10rem] flex-1">
                        <label class="label" for={`pw-${u.id}`}>New password (leave empty to keep)</label>
                        <input id={`pw-${u.id}`} type="password" autocomplete="new-password" class="input" value={newPassword()} onInput={(e) => setNewPassword(e.currentTarget.value)} />
                      </div>
                      <button class="btn btn-primary" type="submit" disabled={update.busy()}>Save</button>
                      <button class="btn" type="button" onClick={() => setEditing(null)}>Cancel</button>
                    </form>
                  </td>
                </tr>
              </Show>
            </>
          )}
        </DataTable>
      </section>
      <section class="card" aria-labelledby="new-user-h">
        <h2 id="new-user-h" class="h2 mb-3">New user</h2>
        <form class="space-y-3" onSubmit={(e) => (e.preventDefault(), create.run())}>
          <div>
            <label class="label" for="user-email">E-mail</label>
            <input id="user-email" class="input" type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} aria-invalid={!!fieldErrors(create.error()).email} />
          </div>
          <div>
            <label class="label" for="user-password">Password</label>
            <input id="user-password" class="input" type="password" autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          <div>
            <label class="label" for="user-roles">Roles (comma-separated)</label>
            <input id="user-roles" class="input" placeholder="clerk, manager" value={roles()} onInput={(e) => setRoles(e.currentTarget.value)} />
            <p class="mt-1 text-xs text-slate-500">admin may do everything; other roles act through permissions.</p>
          </div>
          <ErrorBox error={create.error()} title="Could not create the user" />
          <button class="btn btn-primary" type="submit" disabled={create.busy()}>Create user</button>
        </form>
      </section>
      <ConfirmDelete deletion={remove} title={`Delete ${remove.item()?.email ?? ''}?`} confirmLabel="Delete user">
        <p>The user and their sessions are removed. To keep the account but stop sign-ins, deactivate it instead.</p>
      </ConfirmDelete>
    </div>
  );
}
