import type { ChatResponse, Citation } from '../../../../server/contracts/nurse';
import { api, ApiError } from '../../console/api';
import { fill, h, liveRegion } from '../../console/dom';
import { levelBadge } from '../../console/levels';
import { renderMarkdown } from '../../console/markdown';
import { href } from '../../console/router';

const EXAMPLES = [
  'NEWS2: RR 24, SpO2 93% on air, BP 100/60, HR 115, alert, temp 38.6',
  'CURB-65: new confusion, urea 8.2, RR 32, BP 88/60, age 72',
  'When should a sepsis screen be escalated?',
  'Croup: how do I assess severity in a child?',
];

const randomId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * "Ask" in nurse mode: POST /api/chat with the nurse audience (the session cookie is the nurse credential). Answers
 * come from the nurse guidelines and the patient library with numbered citations, and a question that names a
 * calculator with values gets the calculator's result first (the server's calculators). Follow-ups continue the
 * conversation (its secret is kept in memory only) until "New conversation".
 */
export function createAskView() {
  let conversation: { id: string; secret: string } | null = null;
  const input = h('textarea', { id: 'ask-q', rows: 3, maxlength: 2000, 'data-testid': 'ask-input' });
  const submit = h('button', { type: 'submit', 'data-testid': 'ask-submit' }, 'Ask');
  const restart = h('button', { type: 'button', class: 'secondary', 'data-testid': 'ask-new' }, 'New conversation');
  const log = h('ol', { class: 'ask-log', 'data-testid': 'ask-log', 'aria-label': 'Questions and answers' });
  const status = liveRegion('ask-status');
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'ask-error' });
  const form = h(
    'form',
    { class: 'card' },
    h('div', { class: 'field' }, h('label', { for: 'ask-q' }, 'Question'), input),
    h('p', { class: 'hint', id: 'ask-hint' }, 'Answers quote the clinic library with sources; check the full guideline and local policy before acting. Name a score with the values (e.g. "NEWS2: RR 24, ...") to have it calculated.'),
    h('div', { class: 'row' }, submit, restart),
  );
  input.setAttribute('aria-describedby', 'ask-hint');
  const examples = h(
    'div',
    { class: 'examples' },
    h('h3', null, 'Examples'),
    h('ul', null, EXAMPLES.map((q) => h('li', null, h('button', { type: 'button', class: 'secondary', onclick: () => prefill(q) }, q)))),
  );
  const root = h('div', null, h('h2', { tabindex: -1 }, 'Ask in nurse mode'), form, error, status, log, examples);

  function prefill(text: string) {
    input.value = text;
    input.focus();
  }

  function answer(q: string, r: ChatResponse) {
    const cite = (n: number) => {
      const c = r.citations.find((x) => x.n === n);
      return c ? h('a', { href: href('article', c.articleId), class: 'cite', 'data-testid': 'citation-link', title: c.title }, `[${n}]`) : `[${n}]`;
    };
    const source = (c: Citation) => h('li', { 'data-testid': 'answer-source' }, h('a', { href: href('article', c.articleId) }, c.title), ` — ${c.source}`);
    return h(
      'li',
      { class: 'exchange' },
      h('p', { class: 'question' }, h('span', { class: 'who' }, 'You: '), q),
      h(
        'div',
        { class: 'answer card', 'data-testid': 'ask-answer' },
        r.triage?.emergency ? h('p', { class: 'emergency', role: 'alert' }, levelBadge(r.triage.level, r.triage.label), ' Red flags in the question: see the first lines.') : null,
        h('div', { class: 'reply', 'data-testid': 'ask-reply' }, renderMarkdown(r.reply, { headingLevel: 3, cite })),
        r.citations.length ? h('div', null, h('h3', { class: 'small' }, 'Sources'), h('ol', { class: 'sources', 'data-testid': 'answer-sources' }, r.citations.map(source))) : null,
        r.note ? h('p', { class: 'muted', 'data-testid': 'answer-note' }, r.note) : null,
      ),
    );
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    submit.disabled = true;
    log.setAttribute('aria-busy', 'true');
    fill(error);
    fill(status, 'Looking it up in the guidelines…');
    try {
      const r = await api<ChatResponse>('/api/chat', {
        method: 'POST',
        body: { message: q, audience: 'nurse', clientMessageId: randomId(), ...(conversation ? { conversationId: conversation.id, conversationSecret: conversation.secret } : {}) },
      });
      if (r.conversationSecret) conversation = { id: r.conversationId, secret: r.conversationSecret };
      log.appendChild(answer(q, r));
      input.value = '';
      fill(status, `Answered with ${r.citations.length} source(s).`);
    } catch (err) {
      if (err instanceof ApiError && ['not_found', 'forbidden', 'unauthorized'].includes(err.code) && conversation) conversation = null;
      fill(error, err instanceof ApiError ? err.message : 'The question could not be sent.');
      fill(status);
    } finally {
      submit.disabled = false;
      log.removeAttribute('aria-busy');
    }
  });
  restart.addEventListener('click', () => {
    conversation = null;
    fill(log);
    fill(status, 'New conversation.');
    input.focus();
  });

  return {
    render(section: HTMLElement) {
      if (!section.contains(root)) fill(section, root);
    },
    prefill,
    reset() {
      conversation = null;
      fill(log);
      input.value = '';
    },
  };
}
