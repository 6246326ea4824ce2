import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createResource, For, Show } from 'solid-js';
import { api, logout, sessionLost, setSessionLost } from './lib/api';
import { appScopes, appsVersion, getSession, PLATFORM } from './lib/session';

const SECTIONS = [
  ['entities', 'Entities'], ['data', 'Data'], ['users', 'Users'], ['meta/rules', 'Rules'], ['meta/state-machines', 'State machines'],
  ['meta/workflows', 'Workflows'], ['approvals', 'Approvals'], ['permissions', 'Permissions'], ['meta/webhooks', 'Webhooks'],
  ['audit', 'Audit log'], ['transfer', 'Export / import'],
] as const;

/** The frame of every page: header with app switcher, navigation, who is signed in, logout. */
export function Shell(props: RouteSectionProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const platform = () => getSession(PLATFORM);
  const currentApp = () => location.pathname.match(/^\/admin\/apps\/([^/]+)/)?.[1] ?? null;
  const appSession = () => (currentApp() ? getSession(currentApp()!) : null);
  const signedIn = () => !!platform() || appScopes().length > 0;

  const [apps] = createResource(
    () => (platform() ? `v${appsVersion()}` : false),
    () => api<{ data: { name: string }[] }>('GET', '/_platform/apps').then((r) => r.data.map((a) => a.name)),
  );

  // Not signed in anywhere → the platform login (app login pages stay reachable).
  createEffect(() => {
    const path = location.pathname;
    if (!signedIn() && !path.startsWith('/admin/login') && !/\/apps\/[^/]+\/login$/.test(path)) {
      navigate(`/login?next=${encodeURIComponent(path.replace(/^\/admin/, '') + location.search)}`, { replace: true });
    }
  });
  // A session that could not be refreshed → its login page.
  createEffect(() => {
    const lost = sessionLost();
    if (!lost) return;
    setSessionLost(null);
    if (lost === PLATFORM) navigate('/login', { replace: true });
    else navigate(`/apps/${lost}/login`, { replace: true });
  });

  const signOut = async () => {
    const app = currentApp();
    if (app && appSession()) {
      await logout(app);
      return;
    }
    for (const s of appScopes()) await logout(s);
    await logout(PLATFORM);
    navigate('/login');
  };

  const nav = 'rounded px-2 py-1 text-sm hover:bg-indigo-800';
  return (
    <div class="min-h-screen">
      <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header class="bg-indigo-900 text-white">
        <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2">
          <A href="/" class="mr-2 font-semibold tracking-wide">
            <svg aria-hidden="true" viewBox="0 0 24 24" class="mr-1 inline h-5 w-5 -translate-y-px fill-current">
              <path d="M12 2c3.5 2.2 5 6 5 9.5l2.5 2.5-1 5-3.5-2.5h-6L5.5 19l-1-5L7 11.5C7 8 8.5 4.2 12 2zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm-2 12h4l-2 2.5z" />
            </svg>
            Rocket admin
          </A>
          <Show when={signedIn()}>
            <nav aria-label="Main" class="flex flex-wrap items-center gap-1">
              <A href="/" class={nav} end activeClass="bg-indigo-700">
                Apps
              </A>
              <A href="/help" class={nav} activeClass="bg-indigo-700">
                Help
              </A>
            </nav>
            <Show when={platform() && (apps()?.length ?? 0) > 0}>
              <label class="flex items-center gap-1 text-sm">
                <span class="sr-only sm:not-sr-only">App</span>
                <select
                  class="rounded border-0 bg-indigo-800 px-2 py-1 text-sm text-white"
                  data-testid="app-switcher"
                  value={currentApp() ?? ''}
                  onChange={(e) => e.currentTarget.value && navigate(`/apps/${e.currentTarget.value}/entities`)}
                >
                  <option value="">— choose —</option>
                  <For each={apps()}>{(a) => <option value={a}>{a}</option>}</For>
                </select>
              </label>
            </Show>
            <div class="ml-auto flex flex-wrap items-center gap-2 text-sm">
              <span class="text-indigo-200" data-testid="whoami">
                <Show when={appSession()} fallback={<>{platform()?.email ?? ''} (platform)</>}>
                  {appSession()!.email} ({currentApp()} user)
                </Show>
              </span>
              <Show when={currentApp() && !appSession()}>
                <A href={`/apps/${currentApp()}/login`} class={nav}>
                  App login
                </A>
              </Show>
              <button type="button" class="rounded bg-indigo-700 px-2 py-1 hover:bg-indigo-600" onClick={signOut}>
                {appSession() ? `Log out of ${currentApp()}` : 'Log out'}
              </button>
            </div>
          </Show>
        </div>
      </header>
      <Show when={signedIn() && currentApp()}>
        <nav aria-label={`App ${currentApp()}`} class="border-b border-slate-200 bg-white">
          <ul class="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-3 py-1 text-sm">
            <For each={SECTIONS}>
              {([path, label]) => (
                <li>
                  <A href={`/apps/${currentApp()}/${path}`} class="block whitespace-nowrap rounded px-2 py-1 hover:bg-slate-100" activeClass="bg-indigo-50 font-semibold text-indigo-800">
                    {label}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
      </Show>
      <main id="main" class="mx-auto max-w-6xl px-3 py-4">
        {props.children}
      </main>
    </div>
  );
}
