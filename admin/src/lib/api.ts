import { createSignal } from 'solid-js';
import { getSession, PLATFORM, scopeFor, setSession, type Session } from './session';

export interface ErrorDetail {
  field?: string;
  rule?: string;
  relation?: string;
  index?: number;
  message: string;
  [k: string]: unknown;
}

/** Every failure the UI shows: the API's error envelope, or a network/parse failure in the same shape. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details: ErrorDetail[] = [],
    public method = '',
    public path = '',
  ) {
    super(message);
  }
}

/** The text as JSON; text that is not JSON is refused the way the API refuses a request (status 0, INVALID_JSON). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(0, 'INVALID_JSON', `Not valid JSON: ${(e as Error).message}`);
  }
}

/** Set when a session could not be refreshed: the shell sends the user to the matching login page. */
export const [sessionLost, setSessionLost] = createSignal<string | null>(null);

const API = '/api';
const refreshing = new Map<string, Promise<Session>>();
const timers = new Map<string, number>();

async function send(method: string, path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(API + path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', `The server could not be reached (${(e as Error).message})`, [], method, path);
  }
}

async function parse<T>(res: Response, method: string, path: string): Promise<T> {
  const text = await res.text();
  let json: any = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, `HTTP_${res.status}`, `Unexpected non-JSON response (HTTP ${res.status})`, [
        { message: text.slice(0, 300) },
      ], method, path);
    }
  }
  if (!res.ok) {
    const err = json?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? res.statusText ?? 'Request failed',
      Array.isArray(err?.details) ? err.details : [],
      method,
      path,
    );
  }
  return json as T;
}

function store(scope: string, email: string, data: any): Session {
  const s: Session = {
    access_token: data.access_token,
    refresh_token: data.refresh_token,
    expires_at: Date.now() + (Number(data.expires_in) || 900) * 1000,
    email,
  };
  setSession(scope, s);
  schedule(scope, s);
  return s;
}

/** Silent refresh: a minute before the access token expires (or at once if it already has). */
function schedule(scope: string, s: Session) {
  clearTimeout(timers.get(scope));
  const wait = Math.max(0, s.expires_at - Date.now() - 60_000);
  timers.set(
    scope,
    window.setTimeout(() => {
      refresh(scope).catch(() => undefined);
    }, Math.min(wait, 2_000_000_000)),
  );
}

export function refresh(scope: string): Promise<Session> {
  const running = refreshing.get(scope);
  if (running) return running;
  const p = (async () => {
    const s = getSession(scope);
    if (!s) throw new ApiError(401, 'UNAUTHORIZED', 'Not signed in');
    const path = `/${scope}/auth/refresh`;
    try {
      const res = await send('POST', path, { refresh_token: s.refresh_token });
      const json = await parse<{ data: any }>(res, 'POST', path);
      return store(scope, s.email, json.data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setSession(scope, null);
        clearTimeout(timers.get(scope));
        setSessionLost(scope);
      }
      throw e;
    }
  })().finally(() => refreshing.delete(scope));
  refreshing.set(scope, p);
  return p;
}

/** Restores refresh timers for the sessions found in storage (page load). */
export function resumeSessions(scopes: string[]) {
  for (const scope of scopes) {
    const s = getSession(scope);
    if (s) schedule(scope, s);
  }
}

export async function login(scope: string, email: string, password: string): Promise<Session> {
  const path = `/${scope}/auth/login`;
  const res = await send('POST', path, { email, password });
  const json = await parse<{ data: any }>(res, 'POST', path);
  return store(scope, email, json.data);
}

export async function logout(scope: string) {
  const s = getSession(scope);
  clearTimeout(timers.get(scope));
  setSession(scope, null);
  if (s) {
    const path = `/${scope}/auth/logout`;
    await send('POST', path, { refresh_token: s.refresh_token }).catch(() => undefined);
  }
}

/**
 * Calls the API. `app` selects the token (the app's own session, else the platform's); a 401 is answered
 * once by refreshing that session and repeating the request.
 */
export async function api<T = any>(method: string, path: string, body?: unknown, app: string | null = null): Promise<T> {
  const scope = path.startsWith('/_platform/') ? PLATFORM : scopeFor(app);
  let session = getSession(scope);
  if (session && session.expires_at - Date.now() < 5_000) session = await refresh(scope).catch(() => null);
  let res = await send(method, path, body, session?.access_token);
  if (res.status === 401 && session) {
    session = await refresh(scope);
    res = await send(method, path, body, session.access_token);
  }
  return parse<T>(res, method, path);
}

export const appApi = (app: string) => ({
  get: <T = any>(p: string) => api<T>('GET', `/${app}${p}`, undefined, app),
  post: <T = any>(p: string, b?: unknown) => api<T>('POST', `/${app}${p}`, b ?? {}, app),
  put: <T = any>(p: string, b: unknown) => api<T>('PUT', `/${app}${p}`, b, app),
  del: <T = any>(p: string) => api<T>('DELETE', `/${app}${p}`, undefined, app),
});
