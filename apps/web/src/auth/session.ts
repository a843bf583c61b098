/**
 * The signed-in session, kept in sessionStorage (one browser tab; gone when it closes):
 * the access token for the API and when it expires. The API decides who the person is
 * and what they may do (GET /me); the console keeps nothing else.
 */
const SESSION_KEY = 'plancycle.session';
const RETURN_KEY = 'plancycle.returnTo';

export interface Session {
  accessToken: string;
  idToken: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function accessToken(): string | null {
  return currentSession()?.accessToken ?? null;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Forgets the session; the next page that needs it sends the person to /login. */
export function signOutLocally(params: { returnTo?: string } = {}): void {
  sessionStorage.removeItem(SESSION_KEY);
  if (params.returnTo) rememberReturnTo(params.returnTo);
  if (!window.location.pathname.startsWith('/login') && !window.location.pathname.startsWith('/auth/')) window.location.assign('/login');
}

export function rememberReturnTo(path: string): void {
  if (path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/login') && !path.startsWith('/auth/'))
    sessionStorage.setItem(RETURN_KEY, path);
}

export function takeReturnTo(): string {
  const path = sessionStorage.getItem(RETURN_KEY) ?? '/inbox';
  sessionStorage.removeItem(RETURN_KEY);
  return path;
}
