import type { LoginResponse, SessionInfo, StaffRole } from '../../../server/contracts/nurse';
import { api, ApiError, whenUnauthorized } from './api';
import { duration, fill, h } from './dom';

const GRANTS: Record<StaffRole, string[]> = { nurse: ['nurse'], qa: ['qa'], admin: ['nurse', 'qa', 'admin'] };
const username = (actor: string) => actor.replace(/^user:/, '');

export type Session = {
  /**
   * Who is signed in (GET /api/auth/me): shows the bar and the console, or (unless `quiet`) the sign-in form. An
   * account without this console's permission always gets the form, saying so.
   */
  check(options?: { quiet?: boolean }): Promise<SessionInfo | null>;
  /** Shows the sign-in form with a reason (the session expired, the API asked for a credential). */
  signIn(reason?: string): void;
  current(): SessionInfo | null;
};

/**
 * Staff sign-in for a console page: the form (POST /api/auth/login sets an HTTP-only session cookie), the bar with
 * who is signed in, when the session ends (counted down) and Sign out. When the session ends, or any request answers
 * 401, the page's content is hidden and the form comes back.
 */
export function createSession(opts: {
  /** Where the signed-in bar goes (the page header). */
  bar: HTMLElement;
  /** Where the form goes; hidden while the console is shown. */
  gate: HTMLElement;
  /** The console itself (its navigation and views); hidden while signed out. */
  content: HTMLElement[];
  permission: 'nurse' | 'qa';
  /** What the form says the account is for. */
  purpose: string;
  onReady(info: SessionInfo | null): void;
  onEnded(): void;
}): Session {
  let info: SessionInfo | null = null;
  let timer: number | undefined;

  const grants = (s: SessionInfo) => GRANTS[s.role]?.includes(opts.permission);

  function end(reason: string) {
    info = null;
    window.clearInterval(timer);
    fill(opts.bar);
    opts.onEnded();
    signIn(reason);
  }

  function showBar(s: SessionInfo) {
    const expiry = h('span', { class: 'session-expiry', 'data-testid': 'session-expiry' });
    const tick = () => {
      if (!s.expiresAt) return fill(expiry, 'API token (no expiry)');
      const left = Date.parse(s.expiresAt) - Date.now();
      if (left <= 0) return end('Your session has expired. Please sign in again.');
      const at = new Date(s.expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
      fill(expiry, `Session ends at ${at} (in ${duration(left)})`);
      expiry.classList.toggle('soon', left < 15 * 60_000);
    };
    tick();
    window.clearInterval(timer);
    timer = window.setInterval(tick, 30_000);
    fill(
      opts.bar,
      h('span', { class: 'who', 'data-testid': 'signed-in-as' }, 'Signed in as ', h('strong', null, username(s.actor)), ` (${s.role})`),
      expiry,
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'sign-out', onclick: () => void signOut() }, 'Sign out'),
    );
  }

  async function signOut() {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    end('You have signed out.');
  }

  function ready(s: SessionInfo | null) {
    info = s;
    opts.gate.hidden = true;
    for (const el of opts.content) el.hidden = false;
    if (s) showBar(s);
    opts.onReady(s);
  }

  function signIn(reason?: string) {
    for (const el of opts.content) el.hidden = true;
    opts.gate.hidden = false;
    const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'sign-in-error' });
    const user = h('input', { id: 'sign-in-username', name: 'username', autocomplete: 'username', required: true, 'data-testid': 'sign-in-username' });
    const pass = h('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'sign-in-password' });
    const submit = h('button', { type: 'submit', 'data-testid': 'sign-in-submit' }, 'Sign in');
    const form = h(
      'form',
      { class: 'sign-in', 'data-testid': 'sign-in-form', 'aria-labelledby': 'sign-in-title' },
      h('h2', { id: 'sign-in-title' }, 'Sign in'),
      reason ? h('p', { class: 'notice', 'data-testid': 'sign-in-reason' }, reason) : null,
      h('p', null, opts.purpose),
      h('div', { class: 'field' }, h('label', { for: 'sign-in-username' }, 'Username'), user),
      h('div', { class: 'field' }, h('label', { for: 'sign-in-password' }, 'Password'), pass),
      submit,
      error,
      h('p', { class: 'hint' }, 'No account yet? An administrator creates one with ', h('code', null, `npm run user -- add <name> --role ${opts.permission}`), '.'),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      submit.disabled = true;
      fill(error);
      try {
        await api<LoginResponse>('/api/auth/login', { method: 'POST', body: { username: user.value.trim(), password: pass.value } });
        pass.value = '';
        const s = await check({ quiet: true });
        if (!s) fill(error, 'Signed in, but the session was not kept. Are cookies allowed for this site?');
      } catch (err) {
        fill(error, err instanceof ApiError ? err.message : 'Sign-in failed.');
      } finally {
        submit.disabled = false;
      }
    });
    fill(opts.gate, form);
    user.focus();
  }

  async function check(options: { quiet?: boolean } = {}): Promise<SessionInfo | null> {
    let s: SessionInfo;
    try {
      s = await api<SessionInfo>('/api/auth/me');
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (!options.quiet) signIn();
      return null;
    }
    if (!grants(s)) {
      signIn(`The account ${username(s.actor)} (${s.role}) has no ${opts.permission} access: sign in with another account.`);
      return null;
    }
    ready(s);
    return s;
  }

  whenUnauthorized(() => {
    if (info || opts.gate.hidden) end('Your session has ended. Please sign in again.');
  });

  return { check, signIn, current: () => info };
}

