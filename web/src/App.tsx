/** The workspace's web application: sign-in, portfolio, systems, controls. Routes are plain paths. */
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, api, setCsrf } from './api';
import { Portfolio } from './Portfolio';
import { SystemPage } from './SystemPage';

export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  mustChangePassword: boolean;
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link(props: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a
      href={props.to}
      className={props.className}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path;
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const path = usePath();
  const refresh = useCallback(async () => {
    try {
      const r = await api<{ user: Me; csrfToken?: string }>('GET', '/api/me');
      setCsrf(r.csrfToken);
      setMe(r.user);
    } catch {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <SignIn onDone={refresh} />;
  if (me.mustChangePassword) return <ChangePassword onDone={refresh} forced />;
  const system = /^\/systems\/([^/]+)(?:\/(.*))?$/.exec(path);
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          iotassure workspace
        </Link>
        <nav aria-label="account">
          <span>{me.name}</span>
          <button
            type="button"
            onClick={async () => {
              await api('DELETE', '/api/session');
              setMe(null);
            }}
          >
            Sign out
          </button>
        </nav>
      </header>
      <main>
        {system ? <SystemPage id={decodeURIComponent(system[1]!)} rest={system[2] ?? ''} me={me} /> : <Portfolio />}
      </main>
    </>
  );
}

function SignIn(props: { onDone: () => void }) {
  const [error, setError] = useState('');
  return (
    <main className="narrow">
      <h1>Sign in to the iotassure workspace</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          try {
            const r = await api<{ csrfToken: string }>('POST', '/api/session', {
              email: form.get('email'),
              password: form.get('password'),
            });
            setCsrf(r.csrfToken);
            props.onDone();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

function ChangePassword(props: { onDone: () => void; forced?: boolean }) {
  const [error, setError] = useState('');
  return (
    <main className="narrow">
      <h1>Choose your password</h1>
      {props.forced && <p>Your password was a one-time password. Choose your own (at least 12 characters).</p>}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          try {
            await api('POST', '/api/me/password', { current: form.get('current'), new: form.get('new') });
            props.onDone();
          } catch (err) {
            setError(err instanceof ApiFailure && err.status === 401 ? 'Sign in again' : (err as Error).message);
          }
        }}
      >
        <label>
          Current password <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password <input name="new" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Change password</button>
      </form>
    </main>
  );
}
