import { useParams } from '@solidjs/router';
import { LoginForm } from './Login';

/** Sign in as one of the app's own users (their roles then apply instead of the platform token's admin). */
export default function AppLogin() {
  const params = useParams() as Record<string, string>;
  return (
    <LoginForm
      scope={params.app}
      title={`Sign in to ${params.app}`}
      hint="An app user's token only works in this app; its roles and permissions apply. Every new app seeds admin@localhost / changeme."
      next={`/apps/${params.app}/entities`}
    />
  );
}
