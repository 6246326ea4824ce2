import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { action, ErrorBox, useTitle } from '../components';
import { login } from '../lib/api';
import { PLATFORM } from '../lib/session';

/** Sign-in form shared by the platform login and each app's login. */
export function LoginForm(props: { scope: string; title: string; hint: string; next: string }) {
  const navigate = useNavigate();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const submit = action(async () => {
    await login(props.scope, email(), password());
    navigate(props.next, { replace: true });
  });
  useTitle(() => props.title);
  return (
    <div class="mx-auto mt-8 max-w-sm card">
      <h1 class="h1 mb-1">{props.title}</h1>
      <p class="mb-4 text-sm text-slate-600">{props.hint}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit.run();
        }}
        class="space-y-3"
      >
        <div>
          <label class="label" for="email">
            E-mail
          </label>
          <input id="email" class="input" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div>
          <label class="label" for="password">
            Password
          </label>
          <input id="password" class="input" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        <ErrorBox error={submit.error()} title="Sign-in failed" />
        <button class="btn btn-primary w-full" type="submit" disabled={submit.busy()}>
          {submit.busy() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

export function Login() {
  const [params] = useSearchParams();
  const next = () => {
    const n = typeof params.next === 'string' ? params.next : '/';
    return n.startsWith('/') && !n.startsWith('//') ? n : '/';
  };
  return (
    <LoginForm
      scope={PLATFORM}
      title="Platform sign-in"
      hint="A platform administrator manages every app. First boot seeds platform@localhost / changeme."
      next={next()}
    />
  );
}
