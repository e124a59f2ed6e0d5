/**
 * The nurse console (/nurse): sign in with a nurse account, search and read the guidelines, ask in nurse mode,
 * score with the clinical calculators, and pick up patients who asked for a person. Page bundle `nurse`.
 */
import '../../console/console.css';
import './nurse.css';
import { h } from '../../console/dom';
import { createRouter, href, type Route } from '../../console/router';
import { createSession } from '../../console/session';
import { createArticleView } from './article';
import { createAskView } from './ask';
import { createCalculatorsView } from './calculators';
import { createGuidelinesView } from './guidelines';
import { createLibrary } from './library';
import { createRequestsView } from './requests';

const REQUESTS_POLL_MS = 60_000;
const $ = (id: string) => document.getElementById(id)!;
const nav = $('nav');
const views = $('views');

const library = createLibrary();
const guidelines = createGuidelinesView({ library });
const ask = createAskView();
const article = createArticleView({
  ask(text) {
    location.hash = href('ask');
    ask.prefill(text);
  },
});
const calculators = createCalculatorsView();
const count = h('span', { class: 'count', 'data-testid': 'requests-count', hidden: true });
const requests = createRequestsView({
  onCount(n) {
    count.textContent = `${n} waiting`;
    count.hidden = n === 0;
  },
});

const router = createRouter({
  nav,
  views,
  fallback: 'guidelines',
  sections: [
    { id: 'guidelines', label: 'Guidelines', also: ['article'] },
    { id: 'ask', label: 'Ask' },
    { id: 'calculators', label: 'Calculators' },
    { id: 'requests', label: 'Patient requests' },
  ],
  async render(route: Route, section: HTMLElement) {
    if (route.view === 'article') return article.render(section, route.args[0]);
    if (route.view === 'ask') return ask.render(section);
    if (route.view === 'calculators') return calculators.render(section, route.args[0]);
    if (route.view === 'requests') return requests.render(section, route.args[0]);
    return guidelines.render(section);
  },
});
router.link('requests')?.append(' ', count);

let poll: number | undefined;
const session = createSession({
  bar: $('session'),
  gate: $('gate'),
  content: [nav, views],
  permission: 'nurse',
  purpose: 'Use your nurse account. Guideline reads, patient requests and changes are recorded with your name.',
  onReady() {
    void router.start();
    void requests.count().catch(() => undefined);
    window.clearInterval(poll);
    poll = window.setInterval(() => void requests.count().catch(() => undefined), REQUESTS_POLL_MS);
  },
  onEnded() {
    window.clearInterval(poll);
    library.reset();
    guidelines.reset();
    ask.reset();
  },
});
void session.check();

// The skip link moves the focus without touching the hash (the hash is the router's).
document.querySelector<HTMLAnchorElement>('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  $('main').focus();
});
