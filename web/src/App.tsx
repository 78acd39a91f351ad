import { lazy, Suspense, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { CompanyProvider, useCompany } from './company.js';
import { Loading } from './components/Layout.js';
import { ProblemMessage } from './components/ProblemMessage.js';
import { ScreenErrorBoundary } from './components/ScreenErrorBoundary.js';
import { Account } from './screens/Account.js';
import { CaseDetail } from './screens/CaseDetail.js';
import { CompanySetup } from './screens/CompanySetup.js';
import { EmployeeDetail } from './screens/EmployeeDetail.js';
import { EmployeeImport } from './screens/EmployeeImport.js';
import { Employees } from './screens/Employees.js';
import { Ledger } from './screens/Ledger.js';
import { Overview } from './screens/Overview.js';
import { PayRunDetail } from './screens/PayRunDetail.js';
import { PayRuns } from './screens/PayRuns.js';
import { Risk } from './screens/Risk.js';
import { Logo, SignIn } from './screens/SignIn.js';
import { Users } from './screens/Users.js';
import { can, SessionProvider, useMe, useSession } from './session.js';

// The network screen carries the chart library; it loads when first opened.
const Network = lazy(() => import('./screens/Network.js').then((module) => ({ default: module.Network })));

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading')
    return (
      <main className="sign-in">
        <p className="loading" role="status">
          Loading Tandem…
        </p>
      </main>
    );
  if (state.status === 'unreachable')
    return (
      <main className="sign-in">
        <div className="sign-in-card">
          <ProblemMessage problem={state.problem} />
        </div>
      </main>
    );
  if (state.status === 'signed-out') return <SignIn expired={state.expired} />;
  return (
    <CompanyProvider>
      <Shell />
    </CompanyProvider>
  );
}

const navigation = [
  { href: '/', label: 'Overview' },
  { href: '/employees', label: 'Employees' },
  { href: '/pay-runs', label: 'Pay runs' },
  { href: '/risk', label: 'Risk' },
  { href: '/ledger', label: 'Ledger' },
  { href: '/network', label: 'Network' },
] as const;

function Shell() {
  const me = useMe();
  const { signOut } = useSession();
  const { companies, company, select, error } = useCompany();
  const [location] = useLocation();
  // The phone menu belongs to the page it was opened on: following a link closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string>();
  const menuOpen = menuOpenOn === location;

  const isCurrent = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  const links = [...navigation, ...(can(me.role, 'manageUsers') ? [{ href: '/users', label: 'Users' }] : [])];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="navigation"
          onClick={() => setMenuOpenOn(menuOpen ? undefined : location)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">Menu</span>
        </button>
        <Link href="/" className="brand">
          <Logo size={26} />
          <span>Tandem</span>
        </Link>
        <div className="topbar-end">
          {companies && companies.length > 0 ? (
            <label className="company-select">
              <span className="visually-hidden">Company</span>
              <select value={company?.id ?? ''} onChange={(event) => select(event.target.value)}>
                {companies.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.legalName}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <Link href="/account" className="user-chip" title={`Signed in as ${me.name} (${me.role})`}>
            <span className="user-name">{me.name}</span>
            <span className={`role role-${me.role}`}>{me.role}</span>
          </Link>
          <button type="button" className="button button-ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="navigation" className={`sidebar${menuOpen ? ' sidebar-open' : ''}`} aria-label="Main">
        <ul>
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href} aria-current={isCurrent(link.href) ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ProblemMessage problem={error} what="The company list" />
        {companies && companies.length === 0 && !location.startsWith('/users') && !location.startsWith('/account') ? (
          <CompanySetup />
        ) : (
          <ScreenErrorBoundary resetKey={location}>
            <Suspense fallback={<Loading />}>
              <Switch>
                <Route path="/" component={Overview} />
                <Route path="/employees" component={Employees} />
                <Route path="/employees/import" component={EmployeeImport} />
                <Route path="/employees/:employeeId">
                  {(params) => <EmployeeDetail employeeId={params.employeeId} />}
                </Route>
                <Route path="/pay-runs" component={PayRuns} />
                <Route path="/pay-runs/:id">{(params) => <PayRunDetail id={params.id} />}</Route>
                <Route path="/risk" component={Risk} />
                <Route path="/risk/cases/:id">{(params) => <CaseDetail id={params.id} />}</Route>
                <Route path="/ledger" component={Ledger} />
                <Route path="/network" component={Network} />
                <Route path="/users" component={Users} />
                <Route path="/account" component={Account} />
                <Route>
                  <h1>Page not found</h1>
                  <p>
                    There is no page at <code>{location}</code>. <Link href="/">Go to the overview</Link>.
                  </p>
                </Route>
              </Switch>
            </Suspense>
          </ScreenErrorBoundary>
        )}
      </main>
    </div>
  );
}
