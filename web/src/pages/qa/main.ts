/**
 * The QA dashboard (/qa): the eval runs `npm run eval -- --store` saved, as trends with the regression gate drawn in,
 * one run's figures and cases, and two runs compared. Page bundle `qa`.
 */
import '../../console/console.css';
import './qa.css';
import type { EvalGroup, EvalGroupList, GateInfo } from '../../../../server/contracts/evals';
import { api, ApiError } from '../../console/api';
import { fill, h } from '../../console/dom';
import { createRouter, type Route } from '../../console/router';
import { createSession } from '../../console/session';
import { renderCompare } from './compare';
import { renderRun } from './run';
import { renderTrends } from './trends';

const $ = (id: string) => document.getElementById(id)!;
const nav = $('nav');
const views = $('views');

let data: Promise<{ groups: EvalGroup[]; gate: GateInfo }> | null = null;
/** The stored runs and the gate, loaded once per page view (Reload fetches them again). */
const load = () => (data ??= Promise.all([api<EvalGroupList>('/api/evals/groups?limit=50'), api<GateInfo>('/api/evals/gate')]).then(([g, gate]) => ({ groups: g.groups, gate })));

const router = createRouter({
  nav,
  views,
  fallback: 'trends',
  sections: [
    { id: 'trends', label: 'Trends' },
    { id: 'run', label: 'One run' },
    { id: 'compare', label: 'Compare' },
  ],
  async render(route: Route, section: HTMLElement) {
    let loaded: Awaited<ReturnType<typeof load>>;
    try {
      loaded = await load();
    } catch (err) {
      data = null;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        session.signIn(err.status === 403 ? 'This account cannot read the eval results: sign in with a QA account.' : 'The eval results need a QA sign-in.');
        return;
      }
      fill(section, h('h2', { tabindex: -1 }, 'QA dashboard'), h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : 'Could not load the runs.'));
      return;
    }
    if (route.view === 'run') return renderRun(section, loaded.groups, route.args[0]);
    if (route.view === 'compare') return renderCompare(section, loaded.groups, route.args);
    return renderTrends(section, loaded.groups, loaded.gate);
  },
});

const session = createSession({
  bar: $('session'),
  gate: $('gate'),
  content: [nav, views],
  permission: 'qa',
  purpose: 'Use a QA (or admin) account. Reads of the eval results are recorded with your name.',
  onReady() {
    data = null;
    void router.refresh();
  },
  onEnded() {
    data = null;
  },
});

// Without QA_TOKENS the results are readable without signing in: show them, and the bar if someone is signed in.
void session.check({ quiet: true }).then((who) => {
  if (who) return;
  $('gate').hidden = true;
  nav.hidden = false;
  views.hidden = false;
  void router.start();
});

document.querySelector<HTMLAnchorElement>('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  $('main').focus();
});
