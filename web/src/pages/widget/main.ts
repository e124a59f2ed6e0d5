/**
 * Careline patient chat widget, served under the stable embed URL /widget.js (server/web/serve.ts):
 *   <link rel="stylesheet" href="/widget.css">
 *   <script src="/widget.js" defer data-open="true"></script>
 *
 * Invariants (see web/README.md):
 * - Text from the person or the server is only ever written as text nodes; no innerHTML (web/src/shared/dom.ts).
 * - The only links the widget builds are /articles/<id> and tel: links for the clinic's and emergency numbers.
 * - An emergency triage event shows the emergency banner at once, before any answer text arrives.
 * - A message keeps its clientMessageId across every retry, so the server answers it once; typed text is never lost.
 * Payload types are the server's own (server/contracts/chat.ts).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  AckPayload,
  AskedQuestion,
  CitationPayload,
  ClinicContact,
  ClinicInfo,
  DonePayload,
  MessagePayload,
  PersonRequestResponse,
  Transcript,
  TranscriptMessage,
  TriagePayload,
  WidgetConfig,
} from '../../../../server/contracts/chat';
import { append, asString, clear, el, telHref } from '../../shared/dom';
import { isUsableCitation, renderReply, renderSources } from './reply';

type Config = { emergencyNumber: string; maxMessageChars: number; disclaimer: string; clinic: ClinicInfo | null; loaded: boolean };
type BadgeTriage = { level?: string; label?: string; advice?: string; emergency?: boolean; redFlags?: TriagePayload['redFlags'] };

/** A message the person sent, from the moment it is shown until its answer is in. */
type Outgoing = { text: string; clientMessageId: string; root: HTMLElement; status: HTMLElement; mayRestart: boolean; state?: OutgoingState };
type OutgoingState = 'queued' | 'sending' | 'sent' | 'failed';

/** The answer being received (at most one at a time), or one shown again from the transcript. */
type Turn = {
  outgoing?: Outgoing;
  root: HTMLElement;
  meta: HTMLElement;
  bubble: HTMLElement;
  text: HTMLElement;
  typing?: HTMLElement | null;
  stream?: Text | null;
  messageId?: string | null;
  ackMessageId?: string | null;
  replyId?: string;
  triage?: BadgeTriage | null;
  gotEvent?: boolean;
  follow?: boolean;
  timer?: ReturnType<typeof setTimeout>;
};

// The bundle is an IIFE: this runs once per page, however often the script tag is repeated.
const w = window as unknown as { __carelineWidget?: boolean };
if (!w.__carelineWidget) {
  w.__carelineWidget = true;
  start(document.currentScript as HTMLScriptElement | null);
}

function start(script: HTMLScriptElement | null): void {
  // Every URL is resolved against the origin that served this script, so the widget also works when a clinic site
  // on another origin embeds it.
  const ORIGIN = script?.src ? new URL(script.src, location.href).origin : location.origin;
  // On a phone the panel is full screen, so it never opens by itself there: the page stays readable.
  const PHONE = !!window.matchMedia?.('(max-width: 480px)').matches;
  const OPEN_BY_DEFAULT = script?.dataset.open === 'true' && !PHONE;

  const STORAGE_KEY = 'careline.conversationId';
  // The conversation's secret, returned once when it is created: needed with the id to continue the conversation or
  // read its transcript. Kept in sessionStorage only (never in the DOM), so it ends with the tab.
  const SECRET_KEY = 'careline.conversationSecret';
  // What the person is typing, so a reload or a lost connection never loses it.
  const DRAFT_KEY = 'careline.draft';
  // Refusals for a stored conversation the widget cannot continue: it starts a new one and resends once.
  const RESTART_CODES = new Set(['not_found', 'unauthorized', 'forbidden']);
  const ACK_TIMEOUT_MS = 8000;
  const REPLY_TIMEOUT_MS = 120000;
  const DEFAULT_CONFIG: Config = {
    emergencyNumber: '911',
    maxMessageChars: 2000,
    disclaimer: 'This assistant gives general health information. It is not a substitute for a clinician and cannot diagnose you.',
    clinic: null,
    loaded: false,
  };
  const LEVEL_LABELS: Record<string, string> = {
    emergency_ambulance: 'Call emergency services now',
    emergency: 'Go to an emergency department now',
    consultation_24: 'See a clinician within 24 hours',
    consultation: 'Book an appointment',
    self_care: 'Self-care at home',
  };
  const FALLBACK_NOTE = 'The AI service was unavailable; this answer was built directly from our library.';

  const state = {
    config: DEFAULT_CONFIG,
    socket: null as Socket | null,
    conversationId: readStored(STORAGE_KEY),
    conversationSecret: readStored(SECRET_KEY),
    autoScrollTop: 0,
    turn: null as Turn | null,
    queue: [] as Outgoing[],
    finished: new Set<string>(),
    busy: false,
    userOpened: false,
    ignoreErrorCode: null as string | null,
    quick: null as HTMLElement | null,
  };

  const ui = buildUi();
  document.body.appendChild(ui.root);
  setOpen(OPEN_BY_DEFAULT);
  setBusy(true); // until the configuration has loaded
  ui.input.value = readStored(DRAFT_KEY) ?? '';
  void loadConfig().then((config) => {
    state.config = config;
    ui.disclaimer.textContent = config.disclaimer;
    fillHostPage(config.clinic);
    updateCounter();
    setBusy(false);
    void restoreTranscript().finally(connect);
  });
  window.addEventListener('offline', () => {
    // The browser knows it is offline: stop now rather than wait for the socket's heartbeat to notice.
    setStatus('offline', 'Offline: messages will be sent when you are back online');
    state.socket?.disconnect();
  });
  window.addEventListener('online', () => {
    if (state.socket && !state.socket.connected) {
      setStatus('connecting', 'Connecting\u2026');
      state.socket.connect();
    }
  });
  if (state.conversationId) ui.panel.dataset.conversationId = state.conversationId;

  // -------------------------------------------------------------------------------------------------------------
  // Markup

  function buildUi() {
    const launcher = el(
      'button',
      { type: 'button', class: 'cl-launcher', 'data-testid': 'chat-launcher', 'aria-controls': 'cl-panel', 'aria-expanded': 'false' },
      chatIcon(),
      el('span', { class: 'cl-launcher-text' }, 'Ask our assistant'),
    );
    const status = el('span', { class: 'cl-status', 'data-state': 'connecting' }, 'Connecting\u2026');
    const closeButton = el('button', { type: 'button', class: 'cl-close', 'aria-label': 'Close chat' }, '\u00D7');
    // A div, not a <header>: the host page keeps its one banner landmark.
    const header = el(
      'div',
      { class: 'cl-header' },
      el('div', { class: 'cl-header-text' }, el('h2', { class: 'cl-title', id: 'cl-title' }, 'Clinic assistant'), status),
      closeButton,
    );
    const newConversation = el('button', { type: 'button', class: 'cl-tool', 'data-testid': 'new-conversation' }, 'New conversation');
    const personButton = el('button', { type: 'button', class: 'cl-tool', 'data-testid': 'person-request' }, 'Talk to a person');
    const tools = el('div', { class: 'cl-tools' }, personButton, newConversation);
    const disclaimer = el('p', { class: 'cl-disclaimer' }, DEFAULT_CONFIG.disclaimer);

    const emergencyAdvice = el('p', { class: 'cl-emergency-advice' });
    const emergencyCall = el('a', { class: 'cl-emergency-call' });
    const emergencyFlagList = el('ul');
    const emergencyFlags = el('details', { class: 'cl-emergency-flags' }, el('summary', null, 'Why we are saying this'), emergencyFlagList);
    const emergency = el(
      'div',
      { class: 'cl-emergency', role: 'alert', 'data-testid': 'emergency-banner', hidden: true },
      el('div', { class: 'cl-emergency-top' }, el('p', { class: 'cl-emergency-title' }, 'This may be an emergency'), emergencyCall),
      emergencyAdvice,
      emergencyFlags,
    );

    const log = el('div', { class: 'cl-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'chat-log', tabindex: '0' });
    const welcome = el(
      'div',
      { class: 'cl-msg cl-msg-assistant cl-welcome', 'data-testid': 'chat-welcome' },
      el(
        'div',
        { class: 'cl-bubble' },
        'Hello. Tell me what is bothering you, or ask a health question, and I will share information from our clinic library. For an emergency, call your local emergency number.',
      ),
    );
    log.appendChild(welcome);

    const errorBox = el('p', { class: 'cl-error', id: 'cl-error', role: 'alert', 'data-testid': 'chat-error', hidden: true });
    const input = el('textarea', {
      id: 'cl-input',
      class: 'cl-input',
      rows: '2',
      'data-testid': 'chat-input',
      'aria-describedby': 'cl-counter cl-hint',
      autocomplete: 'off',
      placeholder: 'Describe your symptoms or ask a question',
    });
    const counter = el('span', { class: 'cl-counter', id: 'cl-counter' }, '0 / 2000');
    const send = el('button', { type: 'submit', class: 'cl-send', 'data-testid': 'chat-send' }, 'Send');
    const form = el(
      'form',
      { class: 'cl-form', novalidate: true, 'aria-label': 'Send a message' },
      el('label', { class: 'cl-label', for: 'cl-input' }, 'Your message'),
      input,
      el('div', { class: 'cl-form-row' }, el('span', { class: 'cl-hint', id: 'cl-hint' }, 'Enter to send, Shift+Enter for a new line.'), counter, send),
    );
    const panel = el(
      'section',
      {
        id: 'cl-panel',
        class: 'cl-panel',
        role: 'dialog',
        'aria-modal': 'false',
        'aria-labelledby': 'cl-title',
        'data-testid': 'chat-panel',
        'data-connection': 'connecting',
        hidden: true,
      },
      header,
      tools,
      disclaimer,
      emergency,
      log,
      errorBox,
      form,
    );
    const root = el('div', { class: 'cl-widget' }, panel, launcher);

    launcher.addEventListener('click', () => {
      state.userOpened = true;
      setOpen(panel.hidden);
    });
    closeButton.addEventListener('click', () => {
      setOpen(false);
      launcher.focus();
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        setOpen(false);
        launcher.focus();
      }
    });
    newConversation.addEventListener('click', () => startOver());
    personButton.addEventListener('click', () => requestPerson());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submit();
      }
    });
    log.addEventListener('scroll', () => {
      if (state.turn && Math.abs(log.scrollTop - state.autoScrollTop) > 2) state.turn.follow = false;
    });
    input.addEventListener('input', () => {
      updateCounter();
      writeStored(DRAFT_KEY, input.value);
      if (errorBox.dataset.kind === 'validation') clearError();
    });

    return { root, launcher, panel, status, disclaimer, emergency, emergencyAdvice, emergencyCall, emergencyFlags, emergencyFlagList, log, errorBox, form, input, counter, send, welcome };
  }

  function chatIcon(): SVGElement {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: '22', height: '22', 'aria-hidden': 'true', focusable: 'false', class: 'cl-launcher-icon' })) svg.setAttribute(k, v);
    const path = document.createElementNS(ns, 'path');
    for (const [k, v] of Object.entries({
      d: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '2',
      'stroke-linejoin': 'round',
    }))
      path.setAttribute(k, v);
    svg.appendChild(path);
    return svg;
  }

  function setOpen(open: boolean): void {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    ui.root.classList.toggle('cl-is-open', open);
    if (open) {
      scrollToEnd(true);
      // Focus moves into the panel, to where the person types (not when the page opens it by itself on load).
      if (state.userOpened) ui.input.focus();
    }
  }

  /** Busy only while the configuration loads: a message typed while a reply arrives waits in the queue. */
  function setBusy(busy: boolean): void {
    state.busy = busy;
    ui.send.disabled = busy && !state.config.loaded;
    ui.form.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function setStatus(kind: string, text: string): void {
    ui.status.dataset.state = kind;
    ui.panel.dataset.connection = kind;
    ui.status.textContent = text;
  }

  function updateCounter(): void {
    const length = ui.input.value.length;
    const max = state.config.maxMessageChars;
    ui.counter.textContent = `${length} / ${max}`;
    ui.counter.classList.toggle('cl-counter-over', length > max);
  }

  function showError(message: string, kind: 'validation' | 'server'): void {
    ui.errorBox.textContent = message;
    ui.errorBox.dataset.kind = kind;
    ui.errorBox.hidden = false;
    if (kind === 'validation') ui.input.setAttribute('aria-invalid', 'true');
  }

  function clearError(): void {
    ui.errorBox.hidden = true;
    ui.errorBox.textContent = '';
    delete ui.errorBox.dataset.kind;
    ui.input.removeAttribute('aria-invalid');
  }

  function setScroll(top: number): void {
    ui.log.scrollTop = top;
    state.autoScrollTop = ui.log.scrollTop;
  }

  function scrollToEnd(force: boolean): void {
    const log = ui.log;
    if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 80) setScroll(log.scrollHeight);
  }

  /**
   * While a reply arrives, keep its newest part in view, but never scroll its first line out of view: a person reads
   * from the top. Stops following once the person scrolls the log themselves.
   */
  function followTurn(turn: Turn): void {
    if (!turn.follow) return;
    const log = ui.log;
    const maxTop = log.scrollHeight - log.clientHeight;
    const turnTop = log.scrollTop + turn.root.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    setScroll(Math.max(0, Math.min(maxTop, turnTop)));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Configuration, storage and connection

  async function loadConfig(): Promise<Config> {
    try {
      const res = await fetch(`${ORIGIN}/api/widget-config`, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`widget-config ${res.status}`);
      const body = (await res.json()) as Partial<WidgetConfig>;
      const max = Number(body.maxMessageChars);
      return {
        emergencyNumber: asString(body.emergencyNumber) || DEFAULT_CONFIG.emergencyNumber,
        maxMessageChars: Number.isInteger(max) && max > 0 ? max : DEFAULT_CONFIG.maxMessageChars,
        disclaimer: asString(body.disclaimer) || DEFAULT_CONFIG.disclaimer,
        clinic: body.clinic && typeof body.clinic === 'object' ? body.clinic : null,
        loaded: true,
      };
    } catch (err) {
      console.warn('[careline] using default widget configuration:', err);
      return DEFAULT_CONFIG;
    }
  }

  function connect(): void {
    const socket = io(`${ORIGIN}/chat`, { transports: ['websocket', 'polling'] });
    state.socket = socket;
    socket.on('connect', () => {
      setStatus('online', 'Online');
      flushQueue();
    });
    socket.on('disconnect', () => {
      if (navigator.onLine !== false) setStatus('offline', 'Reconnecting\u2026');
      // The reply in progress is asked for again on reconnect, with the same clientMessageId: the server answers it
      // once and replays the stored answer.
      if (state.turn) interruptTurn();
    });
    socket.on('connect_error', () => setStatus('offline', 'Cannot reach the assistant'));
    socket.on('triage', onTriage);
    socket.on('token', onToken);
    socket.on('done', onDone);
    socket.on('error', onServerError);
  }

  function readStored(key: string): string | null {
    try {
      return sessionStorage.getItem(key) || null;
    } catch {
      return null;
    }
  }

  function writeStored(key: string, value: string | null): void {
    try {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    } catch {
      /* storage can be disabled: the conversation then does not survive a reload */
    }
  }

  function saveConversationId(id: string, secret: string | null): void {
    state.conversationId = id;
    ui.panel.dataset.conversationId = id;
    if (secret) state.conversationSecret = secret;
    writeStored(STORAGE_KEY, id);
    if (secret) writeStored(SECRET_KEY, secret);
  }

  function forgetConversationId(): void {
    state.conversationId = null;
    state.conversationSecret = null;
    delete ui.panel.dataset.conversationId;
    writeStored(STORAGE_KEY, null);
    writeStored(SECRET_KEY, null);
  }

  function newClientMessageId(): string {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; plain-HTTP intranet deployments get a random v4-shaped id.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => (b + 0x100).toString(16).slice(1)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Sending: every message goes through the queue

  function submit(): void {
    if (state.busy && !state.config.loaded) return;
    const raw = ui.input.value;
    const text = raw.trim();
    const max = state.config.maxMessageChars;
    if (!text) {
      showError('Please type a message before sending.', 'validation');
      ui.input.focus();
      return;
    }
    if (raw.length > max) {
      showError(`Your message is ${raw.length} characters long; the limit is ${max}. Please shorten it by ${raw.length - max} characters.`, 'validation');
      ui.input.focus();
      return;
    }
    clearError();
    ui.input.value = '';
    writeStored(DRAFT_KEY, null);
    updateCounter();
    sendText(text);
  }

  /**
   * A message the person sent: shown at once with its state ("Sending", "Waiting for connection", "Not sent, Retry"),
   * queued, and sent when the socket is connected and no other reply is arriving. Its clientMessageId is fixed here.
   */
  function sendText(text: string): void {
    const status = el('span', { class: 'cl-msg-status', 'data-testid': 'msg-status', role: 'status' });
    const root = el('div', { class: 'cl-msg cl-msg-user', 'data-testid': 'msg-user' }, el('div', { class: 'cl-bubble' }, text), status);
    ui.log.appendChild(root);
    const outgoing: Outgoing = { text, clientMessageId: newClientMessageId(), root, status, mayRestart: true };
    state.queue.push(outgoing);
    setOutgoing(outgoing, 'queued');
    scrollToEnd(true);
    flushQueue();
  }

  const online = () => !!(state.socket?.connected && navigator.onLine !== false);

  function setOutgoing(outgoing: Outgoing, kind: OutgoingState): void {
    outgoing.state = kind;
    outgoing.root.dataset.state = kind;
    clear(outgoing.status);
    if (kind === 'sending') append(outgoing.status, 'Sending\u2026');
    else if (kind === 'queued') append(outgoing.status, online() ? 'Waiting to send\u2026' : 'Waiting for connection: it will be sent when you are back online.');
    else if (kind === 'failed') {
      const retry = el('button', { type: 'button', class: 'cl-retry', 'data-testid': 'retry' }, 'Retry');
      retry.addEventListener('click', () => {
        clearError();
        if (!state.queue.includes(outgoing)) state.queue.push(outgoing);
        setOutgoing(outgoing, 'queued');
        flushQueue();
      });
      append(outgoing.status, ['Not sent. ', retry]);
    }
  }

  /** Sends the oldest waiting message when it can: connected, and no reply arriving. */
  function flushQueue(): void {
    if (state.turn || !state.queue.length) return;
    if (!online()) {
      state.queue.forEach((o) => setOutgoing(o, 'queued'));
      return;
    }
    const outgoing = state.queue.shift()!;
    setOutgoing(outgoing, 'sending');
    const turn = startTurn(outgoing);
    emitMessage(turn, outgoing);
  }

  function emitMessage(turn: Turn, outgoing: Outgoing): void {
    const payload: MessagePayload = { text: outgoing.text, clientMessageId: outgoing.clientMessageId, audience: 'patient' };
    if (state.conversationId) {
      payload.conversationId = state.conversationId;
      if (state.conversationSecret) payload.conversationSecret = state.conversationSecret;
    }
    state.socket!.timeout(ACK_TIMEOUT_MS).emit('message', payload, (err: Error | null, ack: AckPayload) => {
      if (turn !== state.turn) return; // already finished or failed
      if (err) {
        if (!turn.gotEvent) failTurn('The assistant did not respond. Your message was kept: press Retry to send it again.');
        return;
      }
      if ('error' in ack) {
        if (outgoing.mayRestart && payload.conversationId && RESTART_CODES.has(ack.error.code)) {
          // The stored conversation cannot be continued (unknown to the server, e.g. its database was reset, or its
          // secret is missing or no longer valid): start a new one rather than leave the person stuck. The server also
          // sends an `error` event for the refused message.
          forgetConversationId();
          state.ignoreErrorCode = ack.error.code;
          outgoing.mayRestart = false;
          outgoing.clientMessageId = newClientMessageId();
          emitMessage(turn, outgoing);
          return;
        }
        failTurn(asString(ack.error.message) || 'Your message could not be sent.');
        return;
      }
      if (ack.conversationId) saveConversationId(ack.conversationId, ack.conversationSecret ?? null);
      if (ack.messageId) turn.ackMessageId = ack.messageId;
      setOutgoing(outgoing, 'sent');
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transcript, a new conversation, a person, feedback, quick replies

  function secretHeaders(): Record<string, string> {
    return { accept: 'application/json', 'content-type': 'application/json', 'x-conversation-secret': state.conversationSecret ?? '' };
  }

  const conversationUrl = (path = '') => `${ORIGIN}/api/conversations/${encodeURIComponent(state.conversationId ?? '')}${path}`;

  /** After a reload: the conversation so far, read with its secret (nothing when there is none or it is refused). */
  async function restoreTranscript(): Promise<void> {
    if (!state.conversationId || !state.conversationSecret) return;
    try {
      const res = await fetch(conversationUrl(), { headers: secretHeaders() });
      if (res.status === 401 || res.status === 403 || res.status === 404) {
        forgetConversationId();
        return;
      }
      if (!res.ok) throw new Error(`transcript ${res.status}`);
      const body = (await res.json()) as Transcript;
      let last: { turn: Turn; question: AskedQuestion | null } | null = null;
      for (const m of body.messages ?? []) {
        if (m.role === 'user') {
          ui.log.appendChild(el('div', { class: 'cl-msg cl-msg-user', 'data-testid': 'msg-user', 'data-state': 'sent' }, el('div', { class: 'cl-bubble' }, asString(m.content))));
        } else if (m.role === 'assistant') {
          last = renderStoredAnswer(m);
        }
      }
      if (last?.question) renderQuickReplies(last.turn, last.question);
      scrollToEnd(true);
    } catch (err) {
      console.warn('[careline] could not restore the conversation:', err);
    }
  }

  function renderStoredAnswer(m: TranscriptMessage): { turn: Turn; question: AskedQuestion | null } {
    const text = el('div', { class: 'cl-reply-text', 'data-testid': 'reply-text' });
    const bubble = el('div', { class: 'cl-bubble' }, text);
    const meta = el('div', { class: 'cl-meta' });
    const root = el('div', { class: 'cl-msg cl-msg-assistant', 'data-testid': 'msg-assistant', 'data-restored': 'true' }, meta, bubble);
    ui.log.appendChild(root);
    const turn: Turn = { root, meta, bubble, text, replyId: asString(m.id) };
    if (m.triage?.level) {
      showBadge(turn, m.triage);
      if (m.triage.emergency === true) showEmergency(m.triage);
    }
    const citations = (m.citations ?? []).filter(isUsableCitation);
    renderReply(ORIGIN, text, asString(m.content), citations);
    if (citations.length) bubble.appendChild(renderSources(ORIGIN, citations));
    renderFeedback(turn);
    return { turn, question: m.question ?? null };
  }

  /** "New conversation": forget this one (its id and secret) and start over with an empty chat. */
  function startOver(): void {
    state.queue = [];
    if (state.turn) failTurn('');
    forgetConversationId();
    state.finished.clear();
    clear(ui.log);
    ui.log.appendChild(ui.welcome);
    ui.emergency.hidden = true;
    clearError();
    ui.input.focus();
  }

  /**
   * "Talk to a person": recorded for the clinic team (with the conversation's level) and answered with the clinic's
   * phone and hours. Before any message it is asked in the chat, which records it the same way.
   */
  async function requestPerson(): Promise<void> {
    if (!state.conversationId || !state.conversationSecret) {
      sendText('I would like to talk to a person.');
      return;
    }
    let card: HTMLElement;
    try {
      const res = await fetch(conversationUrl('/person-request'), { method: 'POST', headers: secretHeaders(), body: JSON.stringify({ reason: 'Asked from the chat widget' }) });
      if (!res.ok) throw new Error(`person-request ${res.status}`);
      const body = (await res.json()) as PersonRequestResponse;
      card = personCard(body.contact, body.created ? 'recorded' : 'again');
    } catch {
      card = personCard(state.config.clinic, 'not-recorded');
    }
    ui.log.appendChild(card);
    scrollToEnd(true);
  }

  function personCard(contact: ClinicContact | null, recorded: 'recorded' | 'again' | 'not-recorded'): HTMLElement {
    const phone = asString(contact?.phone);
    const tel = telHref(phone);
    const ooh = asString(contact?.outOfHours?.phone);
    const note =
      recorded === 'recorded' ? 'I have let the clinic team know that you asked to talk to someone.' : recorded === 'again' ? 'The clinic team already has your request to talk to someone.' : null;
    return el(
      'div',
      { class: 'cl-msg cl-msg-assistant cl-person', 'data-testid': 'person-card' },
      el(
        'div',
        { class: 'cl-bubble' },
        el('p', null, `To talk to a person at ${asString(contact?.name) || 'the clinic'}, call `, tel ? el('a', { href: tel }, phone) : phone, '.'),
        contact?.hours?.length ? el('ul', { class: 'cl-hours' }, contact.hours.map((h) => el('li', null, `${asString(h.days)}: ${asString(h.hours)}`))) : null,
        ooh ? el('p', null, `When we are closed, call the out-of-hours line on ${ooh}.`) : null,
        note ? el('p', null, note) : null,
      ),
    );
  }

  /** Thumbs up / down under an answer, stored with it; the pressed one stays pressed. */
  function renderFeedback(turn: Turn): void {
    if (!turn.replyId) return;
    const up = el('button', { type: 'button', class: 'cl-thumb', 'data-testid': 'feedback-up', 'aria-pressed': 'false', 'aria-label': 'This answer helped' }, '\u{1F44D}');
    const down = el('button', { type: 'button', class: 'cl-thumb', 'data-testid': 'feedback-down', 'aria-pressed': 'false', 'aria-label': 'This answer did not help' }, '\u{1F44E}');
    const note = el('span', { class: 'cl-visually-hidden', role: 'status' });
    const rate = async (rating: 'up' | 'down', button: HTMLElement, other: HTMLElement) => {
      if (!state.conversationId) return;
      try {
        const res = await fetch(conversationUrl(`/messages/${encodeURIComponent(turn.replyId!)}/feedback`), { method: 'POST', headers: secretHeaders(), body: JSON.stringify({ rating }) });
        if (!res.ok) throw new Error(`feedback ${res.status}`);
        button.setAttribute('aria-pressed', 'true');
        other.setAttribute('aria-pressed', 'false');
        note.textContent = 'Thank you for your feedback.';
      } catch {
        note.textContent = 'Your feedback could not be sent.';
      }
    };
    up.addEventListener('click', () => void rate('up', up, down));
    down.addEventListener('click', () => void rate('down', down, up));
    turn.bubble.appendChild(el('div', { class: 'cl-feedback', 'data-testid': 'feedback', role: 'group', 'aria-label': 'Was this helpful?' }, up, down, note));
  }

  /** The question the reply asked, answered by a button (its label is sent as the message); gone once answered. */
  function renderQuickReplies(turn: Turn, question: AskedQuestion): void {
    const answers = (question.answers ?? []).filter((a) => asString(a?.label));
    if (!answers.length) return;
    const group = el('div', { class: 'cl-quick', 'data-testid': 'quick-replies', role: 'group', 'aria-label': `Answer: ${asString(question.text)}` });
    for (const a of answers) {
      const b = el('button', { type: 'button', class: 'cl-quick-reply', 'data-testid': 'quick-reply' }, a.label);
      b.addEventListener('click', () => {
        group.remove();
        sendText(a.label);
      });
      group.appendChild(b);
    }
    turn.bubble.appendChild(group);
    state.quick = group;
  }

  /** The clinic's own page shows what the assistant knows about it: elements marked data-careline-clinic. */
  function fillHostPage(clinic: ClinicInfo | null): void {
    if (!clinic) return;
    const fields: Record<string, string> = {
      phone: asString(clinic.phone),
      name: asString(clinic.name),
      address: asString(clinic.address),
      'out-of-hours': clinic.outOfHours?.phone ? `When we are closed, call the out-of-hours line on ${clinic.outOfHours.phone}.` : '',
      access: (clinic.access ?? []).join(' '),
      'emergency-number': asString(clinic.emergencyNumber),
    };
    for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-careline-clinic]'))) {
      const key = node.getAttribute('data-careline-clinic') ?? '';
      if (key === 'hours' && Array.isArray(clinic.hours)) {
        clear(node);
        for (const h of clinic.hours) node.appendChild(el('tr', null, el('th', { scope: 'row' }, asString(h.days)), el('td', null, asString(h.hours))));
      } else if (key === 'services' && Array.isArray(clinic.services)) {
        clear(node);
        for (const x of clinic.services) node.appendChild(el('li', null, asString(x)));
      } else if (fields[key]) {
        node.textContent = fields[key];
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Receiving

  function startTurn(outgoing: Outgoing): Turn {
    // Quick replies answer the question just asked: once anything else is sent they no longer apply.
    state.quick?.remove();
    state.quick = null;
    const typing = el(
      'div',
      { class: 'cl-typing', 'data-testid': 'typing', role: 'status' },
      el('span', { class: 'cl-visually-hidden' }, 'The assistant is typing'),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' }),
    );
    const text = el('div', { class: 'cl-reply-text cl-streaming', 'data-testid': 'reply-text' });
    const bubble = el('div', { class: 'cl-bubble' }, typing, text);
    const meta = el('div', { class: 'cl-meta' });
    const root = el('div', { class: 'cl-msg cl-msg-assistant', 'data-testid': 'msg-assistant', 'aria-busy': 'true' }, meta, bubble);
    ui.log.appendChild(root);
    const turn: Turn = { outgoing, root, meta, bubble, typing, text, stream: null, messageId: null, ackMessageId: null, triage: null, gotEvent: false, follow: true };
    turn.timer = setTimeout(() => {
      if (state.turn === turn) failTurn('The answer is taking too long. Your message was kept: press Retry to send it again.');
    }, REPLY_TIMEOUT_MS);
    state.turn = turn;
    setBusy(true);
    followTurn(turn);
    return turn;
  }

  /**
   * The turn an event belongs to, or null if it is stale (a reply that already finished or failed). Every event
   * (`triage`, `token`, `done`) carries the id of the person's message, as the ack does.
   */
  function turnFor(payload: { messageId?: string } | null | undefined): Turn | null {
    const turn = state.turn;
    const id = payload?.messageId;
    if (id && state.finished.has(id)) return null;
    if (!turn) return null;
    if (id && !turn.messageId) turn.messageId = id;
    turn.gotEvent = true;
    return turn;
  }

  function markFinished(turn: Turn): void {
    if (turn.messageId) state.finished.add(turn.messageId);
    if (turn.ackMessageId) state.finished.add(turn.ackMessageId);
  }

  function onTriage(payload: TriagePayload): void {
    const turn = turnFor(payload);
    if (!turn || !payload) return;
    turn.triage = payload;
    if (payload.emergency === true) showEmergency(payload);
    else showBadge(turn, payload);
    followTurn(turn);
  }

  function showEmergency(triage: BadgeTriage): void {
    const number = state.config.emergencyNumber;
    ui.emergencyAdvice.textContent = asString(triage.advice) || `Call ${number} now, or go to the nearest emergency department.`;
    const href = telHref(number);
    if (href) {
      ui.emergencyCall.setAttribute('href', href);
      ui.emergencyCall.textContent = `Call ${number}`;
      ui.emergencyCall.hidden = false;
    } else {
      ui.emergencyCall.hidden = true;
    }
    const flags = (Array.isArray(triage.redFlags) ? triage.redFlags : []).filter((f) => f && asString(f.label));
    clear(ui.emergencyFlagList);
    for (const f of flags) {
      const evidence = (Array.isArray(f.evidence) ? f.evidence : []).filter((e) => typeof e === 'string' && e);
      ui.emergencyFlagList.appendChild(el('li', null, f.label, evidence.length ? ` (you said: \u201C${evidence.join('\u201D, \u201C')}\u201D)` : ''));
    }
    ui.emergencyFlags.hidden = !flags.length;
    ui.emergency.dataset.level = asString(triage.level);
    ui.emergency.hidden = false;
    ui.emergency.scrollIntoView({ block: 'nearest' });
  }

  function showBadge(turn: Turn, triage: BadgeTriage): void {
    clear(turn.meta);
    const level = asString(triage.level);
    const label = asString(triage.label) || LEVEL_LABELS[level] || level;
    if (!label) return;
    turn.meta.appendChild(
      el('span', { class: 'cl-badge', 'data-level': level, 'data-testid': 'triage-badge', title: asString(triage.advice) || null }, el('span', { class: 'cl-visually-hidden' }, 'Urgency: '), label),
    );
  }

  function onToken(payload: { messageId?: string; delta?: unknown }): void {
    const turn = turnFor(payload);
    if (!turn || typeof payload?.delta !== 'string') return;
    hideTyping(turn);
    if (!turn.stream) {
      turn.stream = document.createTextNode('');
      turn.text.appendChild(turn.stream);
    }
    turn.stream.appendData(payload.delta);
    followTurn(turn);
  }

  function hideTyping(turn: Turn): void {
    turn.typing?.remove();
    turn.typing = null;
  }

  function onDone(payload: DonePayload): void {
    const turn = turnFor(payload);
    if (!turn || !payload) return;
    if (payload.messageId) state.finished.add(payload.messageId);
    hideTyping(turn);
    const triage = turn.triage ?? payload.triage ?? null;
    if (!turn.triage && triage) {
      // The triage event never came (it should come first); show its result now rather than not at all.
      turn.triage = triage;
      if (triage.emergency === true) showEmergency(triage);
      else showBadge(turn, triage);
    }
    const citations: CitationPayload[] = (Array.isArray(payload.citations) ? payload.citations : []).filter(isUsableCitation);
    const reply = asString(payload.reply) || (turn.stream ? turn.stream.data : '');
    clear(turn.text);
    turn.text.classList.remove('cl-streaming');
    renderReply(ORIGIN, turn.text, reply, citations);
    if (citations.length) turn.bubble.appendChild(renderSources(ORIGIN, citations));
    if (payload.fallback === true) turn.bubble.appendChild(el('p', { class: 'cl-fallback', 'data-testid': 'fallback-note' }, asString(payload.note) || FALLBACK_NOTE));
    // The question is at the end of the reply text; its answers are buttons (never the question again as a list). A
    // request for a person: the reply itself gives the phone and hours (and the request was recorded).
    turn.replyId = asString(payload.replyId);
    renderFeedback(turn);
    if (payload.question) renderQuickReplies(turn, payload.question);
    followTurn(turn);
    finishTurn(turn);
  }

  function onServerError(payload: { code?: string; message?: string } | null): void {
    if (payload && state.ignoreErrorCode && payload.code === state.ignoreErrorCode) {
      state.ignoreErrorCode = null;
      return;
    }
    const message = asString(payload?.message) || 'Something went wrong. Please try again.';
    if (state.turn) failTurn(message);
    else showError(message, 'server');
  }

  /** The connection dropped mid-reply: the message goes back to the front of the queue, sent again on reconnect. */
  function interruptTurn(): void {
    const turn = state.turn;
    if (!turn) return;
    clearTimeout(turn.timer);
    hideTyping(turn);
    turn.root.remove();
    state.turn = null;
    if (turn.outgoing) {
      state.queue.unshift(turn.outgoing);
      setOutgoing(turn.outgoing, 'queued');
    }
    setBusy(false);
  }

  function failTurn(message: string): void {
    const turn = state.turn;
    if (turn) {
      markFinished(turn);
      hideTyping(turn);
      if (turn.outgoing && turn.outgoing.state !== 'sent' && !turn.gotEvent) setOutgoing(turn.outgoing, 'failed');
      if (!turn.text.textContent && !turn.triage) turn.root.remove();
      else {
        // Keep what arrived (the urgency is still useful) and say plainly that the answer stopped.
        if (!turn.text.textContent?.trim()) turn.text.textContent = 'The answer could not be finished.';
        turn.text.classList.remove('cl-streaming');
        turn.root.classList.add('cl-msg-failed');
        finishTurn(turn, false);
      }
      clearTimeout(turn.timer);
      state.turn = null;
    }
    if (message) showError(message, 'server');
    setBusy(false);
    flushQueue();
  }

  function finishTurn(turn: Turn, answered = true): void {
    clearTimeout(turn.timer);
    turn.root.removeAttribute('aria-busy');
    markFinished(turn);
    if (answered && turn.outgoing) setOutgoing(turn.outgoing, 'sent');
    if (state.turn === turn) {
      state.turn = null;
      setBusy(false);
      flushQueue();
    }
  }
}
