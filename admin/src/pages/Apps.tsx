import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { action, ActionsCell, ActionsHeader, ConfirmDelete, DataTable, DeleteButton, deletion, ErrorBox, fieldErrors, Listing, otherErrors, useTitle } from '../components';
import { api } from '../lib/api';
import { appsChanged, getSession, PLATFORM } from '../lib/session';

interface App {
  name: string;
  display_name: string;
  db_name: string;
  status: string;
  created_at?: string;
}

/** The platform's apps: list, create, open (switch), delete with confirmation. */
export function Apps() {
  useTitle(() => 'Apps');
  const navigate = useNavigate();
  const [apps, { refetch }] = createResource(
    () => !!getSession(PLATFORM),
    () => api<{ data: App[] }>('GET', '/_platform/apps').then((r) => r.data),
  );
  const [name, setName] = createSignal('');
  const [display, setDisplay] = createSignal('');
  const create = action(async () => {
    const body: Record<string, string> = { name: name().trim() };
    if (display().trim()) body.display_name = display().trim();
    await api('POST', '/_platform/apps', body);
    setName('');
    setDisplay('');
    appsChanged();
    await refetch();
  });
  const [typed, setTyped] = createSignal('');
  const remove = deletion(
    (app: App) => api('DELETE', `/_platform/apps/${encodeURIComponent(app.name)}`),
    () => (appsChanged(), refetch()),
  );
  const errs = () => fieldErrors(create.error());

  return (
    <Show
      when={getSession(PLATFORM)}
      fallback={
        <div class="card">
          <h1 class="h1">Apps</h1>
          <p class="mt-2 text-sm">
            Listing and creating apps needs a <A class="link" href="/login">platform sign-in</A>.
          </p>
        </div>
      }
    >
      <div class="grid gap-4 lg:grid-cols-3">
        <section class="card lg:col-span-2" aria-labelledby="apps-h">
          <h1 id="apps-h" class="h1 mb-3">
            Apps
          </h1>
          <Listing list={apps} errorTitle="Could not list the apps" empty="No apps yet. Create the first one.">
            <DataTable
              testid="apps-table"
              each={apps()}
              head={
                <>
                  <th class="th">Name</th>
                  <th class="th hidden sm:table-cell">Display name</th>
                  <th class="th hidden md:table-cell">Database</th>
                  <th class="th">Status</th>
                  <ActionsHeader />
                </>
              }
            >
              {(app) => (
                <tr data-app={app.name}>
                  <td class="td font-medium">
                    <A class="link" href={`/apps/${app.name}/entities`}>
                      {app.name}
                    </A>
                  </td>
                  <td class="td hidden sm:table-cell">{app.display_name}</td>
                  <td class="td hidden font-mono text-xs md:table-cell">{app.db_name}</td>
                  <td class="td">{app.status}</td>
                  <ActionsCell>
                    <button class="btn btn-small mr-1" type="button" onClick={() => navigate(`/apps/${app.name}/entities`)}>
                      Open
                    </button>
                    <DeleteButton
                      label={`Delete app ${app.name}`}
                      onClick={() => {
                        setTyped('');
                        remove.ask(app);
                      }}
                    />
                  </ActionsCell>
                </tr>
              )}
            </DataTable>
          </Listing>
        </section>
        <section class="card" aria-labelledby="create-h">
          <h2 id="create-h" class="h2 mb-3">
            Create an app
          </h2>
          <form
            class="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.run();
            }}
          >
            <div>
              <label class="label" for="app-name">
                Name
              </label>
              <input
                id="app-name"
                class="input"
                value={name()}
                onInput={(e) => setName(e.currentTarget.value)}
                placeholder="shop"
                aria-describedby="app-name-hint"
                aria-invalid={!!errs().name}
              />
              <p id="app-name-hint" class="mt-1 text-xs text-slate-500">
                Lowercase letters, digits, - and _; starts with a letter. Its database is rocket_&lt;name&gt;.
              </p>
              <For each={errs().name}>{(m) => <p class="field-error">{m}</p>}</For>
            </div>
            <div>
              <label class="label" for="app-display">
                Display name (optional)
              </label>
              <input id="app-display" class="input" value={display()} onInput={(e) => setDisplay(e.currentTarget.value)} />
            </div>
            <ErrorBox error={otherErrors(create.error(), ['name'])} title="Could not create the app" />
            <button class="btn btn-primary" type="submit" disabled={create.busy() || !name().trim()}>
              {create.busy() ? 'Creating…' : 'Create app'}
            </button>
          </form>
        </section>
      </div>
      <ConfirmDelete
        deletion={remove}
        title={`Delete app ${remove.item()?.name ?? ''}?`}
        confirmLabel={remove.busy() ? 'Deleting…' : 'Delete app'}
        disabled={typed() !== remove.item()?.name}
        errorTitle="Could not delete the app"
      >
        <p>
          This drops the database <code class="font-mono">{remove.item()?.db_name}</code> with all its entities, records, users and
          files. It cannot be undone.
        </p>
        <label class="label mt-3" for="confirm-name">
          Type <strong>{remove.item()?.name}</strong> to confirm
        </label>
        <input id="confirm-name" class="input" autocomplete="off" value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
      </ConfirmDelete>
    </Show>
  );
}
