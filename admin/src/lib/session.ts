import { createSignal } from 'solid-js';

/** A signed-in session: platform (`_platform`) or one app's own user. Kept in localStorage. */
export interface Session {
  access_token: string;
  refresh_token: string;
  expires_at: number; // epoch ms
  email: string;
}

export const PLATFORM = '_platform';
const key = (scope: string) => (scope === PLATFORM ? 'rocket.platform' : `rocket.app.${scope}`);

function read(scope: string): Session | null {
  try {
    const raw = localStorage.getItem(key(scope));
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

// A version counter makes every reader of sessions reactive without keeping a signal per scope.
const [version, setVersion] = createSignal(0);

export function getSession(scope: string): Session | null {
  version();
  return read(scope);
}

export function setSession(scope: string, s: Session | null) {
  if (s) localStorage.setItem(key(scope), JSON.stringify(s));
  else localStorage.removeItem(key(scope));
  setVersion((v) => v + 1);
}

export function appScopes(): string[] {
  version();
  const out: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k?.startsWith('rocket.app.')) out.push(k.slice('rocket.app.'.length));
  }
  return out;
}

/** The scope whose token an app request uses: the app's own login if there is one, else the platform's. */
export function scopeFor(app: string | null): string {
  if (app && read(app)) return app;
  return PLATFORM;
}

// Another tab signing in or out changes what this tab sees.
window.addEventListener('storage', (e) => {
  if (e.key?.startsWith('rocket.')) setVersion((v) => v + 1);
});

/** Bumped when the platform's app list changes, so every list of apps (the header's switcher too) reloads. */
export const [appsVersion, setAppsVersion] = createSignal(0);
export const appsChanged = () => setAppsVersion((v) => v + 1);
