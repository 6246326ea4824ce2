import { render } from 'solid-js/web';
import { Navigate, Route, Router, useParams } from '@solidjs/router';
import { lazy } from 'solid-js';
import './index.css';
import { Shell } from './Shell';
import { Login } from './pages/Login';
import { Apps } from './pages/Apps';
import { appScopes, PLATFORM } from './lib/session';
import { resumeSessions } from './lib/api';

const AppLogin = lazy(() => import('./pages/AppLogin'));
const Entities = lazy(() => import('./pages/Entities'));
const EntityEditor = lazy(() => import('./pages/EntityEditor'));
const RelationEditor = lazy(() => import('./pages/RelationEditor'));
const DataBrowser = lazy(() => import('./pages/DataBrowser'));
const RecordForm = lazy(() => import('./pages/RecordForm'));
const Users = lazy(() => import('./pages/Users'));
const AuditLog = lazy(() => import('./pages/AuditLog'));
const Transfer = lazy(() => import('./pages/Transfer'));
const MetaResource = lazy(() => import('./pages/MetaResource'));
const Approvals = lazy(() => import('./pages/Approvals'));
const Help = lazy(() => import('./pages/Help'));
const Permissions = lazy(() => import('./pages/Permissions'));

resumeSessions([PLATFORM, ...appScopes()]);

render(
  () => (
    <Router base="/admin" root={Shell}>
      <Route path="/login" component={Login} />
      <Route path="/" component={Apps} />
      <Route path="/apps" component={() => <Navigate href="/" />} />
      <Route path="/apps/:app" component={AppHome} />
      <Route path="/apps/:app/login" component={AppLogin} />
      <Route path="/apps/:app/entities" component={Entities} />
      <Route path="/apps/:app/entities/new" component={EntityEditor} />
      <Route path="/apps/:app/entities/:name" component={EntityEditor} />
      <Route path="/apps/:app/relations/new" component={RelationEditor} />
      <Route path="/apps/:app/relations/:name" component={RelationEditor} />
      <Route path="/apps/:app/data/:entity" component={DataBrowser} />
      <Route path="/apps/:app/data/:entity/new" component={RecordForm} />
      <Route path="/apps/:app/data/:entity/:id" component={RecordForm} />
      <Route path="/apps/:app/users" component={Users} />
      <Route path="/apps/:app/audit" component={AuditLog} />
      <Route path="/apps/:app/transfer" component={Transfer} />
      <Route path="/apps/:app/meta/:kind" component={MetaResource} />
      <Route path="/apps/:app/approvals" component={Approvals} />
      <Route path="/apps/:app/data" component={Entities} />
      <Route path="/help" component={Help} />
      <Route path="/apps/:app/permissions" component={Permissions} />
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  document.getElementById('root')!,
);

function AppHome() {
  const params = useParams();
  return <Navigate href={`/apps/${params.app}/entities`} />;
}

function NotFound() {
  return (
    <div class="card">
      <h1 class="h1">Page not found</h1>
      <p class="mt-2 text-sm">
        <a class="link" href="/admin/">
          Back to the apps
        </a>
      </p>
    </div>
  );
}
