/*
 * Careline patient chat widget. Plain browser JavaScript, no build step, no framework.
 *
 * Embed on any page served by the Careline server:
 *   <link rel="stylesheet" href="/widget.css">
 *   <script src="/widget.js" defer data-open="true"></script>
 *
 * Invariants (see web/README.md):
 * - Text from the user or the server is only ever written with textContent / text nodes; no innerHTML.
 * - The only links the widget builds are /articles/<id> (id matching ID_PATTERN) and tel:<emergency number>.
 * - An emergency triage event shows the emergency banner at once, before any answer text arrives.
 */
(function () {
  'use strict';

  if (window.__carelineWidget) return;
  window.__carelineWidget = true;

  var script = document.currentScript;
  // Every URL is resolved against the origin that served this script, so the widget also works when a clinic
  // site on another origin embeds it.
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  // On a phone the panel is full screen, so it never opens by itself there: the page stays readable.
  var PHONE = !!(window.matchMedia && window.matchMedia('(max-width: 480px)').matches);
  var OPEN_BY_DEFAULT = !!(script && script.dataset && script.dataset.open === 'true') && !PHONE;

  var STORAGE_KEY = 'careline.conversationId';
  // The conversation's secret, returned once when it is created: the server needs it with the id to continue the
  // conversation. Kept in sessionStorage only (never in the DOM), so it ends with the tab.
  var SECRET_KEY = 'careline.conversationSecret';
  // What the patient is typing, so a reload or a lost connection never loses it.
  var DRAFT_KEY = 'careline.draft';
  // Refusals for a stored conversation the widget cannot continue: it starts a new one and resends once.
  var RESTART_CODES = { not_found: true, unauthorized: true, forbidden: true };
  var ID_PATTERN = /^[a-z0-9-]+$/;
  var ACK_TIMEOUT_MS = 8000;
  var REPLY_TIMEOUT_MS = 120000;
  var DEFAULT_CONFIG = {
    emergencyNumber: '911',
    maxMessageChars: 2000,
    disclaimer:
      'This assistant gives general health information. It is not a substitute for a clinician and cannot diagnose you.',
  };
  var LEVEL_LABELS = {
    emergency_ambulance: 'Call emergency services now',
    emergency: 'Go to an emergency department now',
    consultation_24: 'See a clinician within 24 hours',
    consultation: 'Book an appointment',
    self_care: 'Self-care at home',
  };
  var FALLBACK_NOTE = 'The AI service was unavailable; this answer was built directly from our library.';

  var state = {
    config: DEFAULT_CONFIG,
    socket: null,
    conversationId: readConversationId(),
    conversationSecret: readStored(SECRET_KEY),
    autoScrollTop: 0,
    turn: null, // the assistant reply being received: at most one at a time
    queue: [], // messages waiting to be sent (offline, or while a reply is still arriving), oldest first
    clinic: null, // the clinic profile (GET /api/widget-config), for "talk to a person"
    finished: Object.create(null), // messageIds of completed replies, so late duplicates are ignored
  };

  // ---------------------------------------------------------------------------------------------------------
  // DOM helpers: the only way this file creates content.

  /** el('div', { class: 'x', 'data-testid': 'y' }, 'text', childNode) - strings become text nodes. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'class') node.className = value;
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(parent, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(parent, c); });
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function articleHref(articleId) {
    return typeof articleId === 'string' && ID_PATTERN.test(articleId)
      ? ORIGIN + '/articles/' + articleId
      : null;
  }

  function telHref(number) {
    var digits = String(number || '').replace(/[^0-9+]/g, '');
    return digits ? 'tel:' + digits : null;
  }

  function asString(value) {
    return typeof value === 'string' ? value : '';
  }

  // ---------------------------------------------------------------------------------------------------------
  // Markup

  var ui = buildUi();
  document.body.appendChild(ui.root);
  setOpen(OPEN_BY_DEFAULT);
  setBusy(true); // until the configuration has loaded
  ui.input.value = readStored(DRAFT_KEY) || '';
  loadConfig().then(function (config) {
    state.config = config;
    state.clinic = config.clinic || null;
    ui.disclaimer.textContent = config.disclaimer;
    fillHostPage(state.clinic);
    updateCounter();
    setBusy(false);
    restoreTranscript().then(connect, connect);
  });
  window.addEventListener('offline', function () {
    // The browser knows it is offline: stop now rather than wait for the socket's heartbeat to notice.
    setStatus('offline', 'Offline: messages will be sent when you are back online');
    if (state.socket) state.socket.disconnect();
  });
  window.addEventListener('online', function () {
    if (state.socket && !state.socket.connected) {
      setStatus('connecting', 'Connecting\u2026');
      state.socket.connect();
    }
  });

  function buildUi() {
    var launcher = el(
      'button',
      {
        type: 'button',
        class: 'cl-launcher',
        'data-testid': 'chat-launcher',
        'aria-controls': 'cl-panel',
        'aria-expanded': 'false',
      },
      chatIcon(),
      el('span', { class: 'cl-launcher-text' }, 'Ask our assistant')
    );

    var status = el('span', { class: 'cl-status', 'data-state': 'connecting' }, 'Connecting\u2026');
    var closeButton = el('button', { type: 'button', class: 'cl-close', 'aria-label': 'Close chat' }, '\u00D7');
    // A div, not a <header>: the host page keeps its one banner landmark.
    var header = el(
      'div',
      { class: 'cl-header' },
      el('div', { class: 'cl-header-text' }, el('h2', { class: 'cl-title', id: 'cl-title' }, 'Clinic assistant'), status),
      closeButton
    );
    var newConversation = el('button', { type: 'button', class: 'cl-tool', 'data-testid': 'new-conversation' }, 'New conversation');
    var personButton = el('button', { type: 'button', class: 'cl-tool', 'data-testid': 'person-request' }, 'Talk to a person');
    var tools = el('div', { class: 'cl-tools' }, personButton, newConversation);
    var disclaimer = el('p', { class: 'cl-disclaimer' }, DEFAULT_CONFIG.disclaimer);

    var emergencyAdvice = el('p', { class: 'cl-emergency-advice' });
    var emergencyCall = el('a', { class: 'cl-emergency-call' });
    var emergencyFlagList = el('ul');
    var emergencyFlags = el(
      'details',
      { class: 'cl-emergency-flags' },
      el('summary', null, 'Why we are saying this'),
      emergencyFlagList
    );
    var emergency = el(
      'div',
      { class: 'cl-emergency', role: 'alert', 'data-testid': 'emergency-banner', hidden: true },
      el('div', { class: 'cl-emergency-top' }, el('p', { class: 'cl-emergency-title' }, 'This may be an emergency'), emergencyCall),
      emergencyAdvice,
      emergencyFlags
    );

    var log = el('div', {
      class: 'cl-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': 'Conversation',
      'data-testid': 'chat-log',
      tabindex: '0',
    });
    log.appendChild(
      el(
        'div',
        { class: 'cl-msg cl-msg-assistant cl-welcome', 'data-testid': 'chat-welcome' },
        el(
          'div',
          { class: 'cl-bubble' },
          'Hello. Tell me what is bothering you, or ask a health question, and I will share information from our clinic library. For an emergency, call your local emergency number.'
        )
      )
    );

    var errorBox = el('p', { class: 'cl-error', id: 'cl-error', role: 'alert', 'data-testid': 'chat-error', hidden: true });

    var input = el('textarea', {
      id: 'cl-input',
      class: 'cl-input',
      rows: '2',
      'data-testid': 'chat-input',
      'aria-describedby': 'cl-counter cl-hint',
      autocomplete: 'off',
      placeholder: 'Describe your symptoms or ask a question',
    });
    var counter = el('span', { class: 'cl-counter', id: 'cl-counter' }, '0 / 2000');
    var send = el('button', { type: 'submit', class: 'cl-send', 'data-testid': 'chat-send' }, 'Send');
    var form = el(
      'form',
      { class: 'cl-form', novalidate: true, 'aria-label': 'Send a message' },
      el('label', { class: 'cl-label', for: 'cl-input' }, 'Your message'),
      input,
      el(
        'div',
        { class: 'cl-form-row' },
        el('span', { class: 'cl-hint', id: 'cl-hint' }, 'Enter to send, Shift+Enter for a new line.'),
        counter,
        send
      )
    );

    var panel = el(
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
      form
    );

    var root = el('div', { class: 'cl-widget' }, panel, launcher);

    launcher.addEventListener('click', function () {
      state.userOpened = true;
      setOpen(panel.hidden);
    });
    closeButton.addEventListener('click', function () {
      setOpen(false);
      launcher.focus();
    });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        setOpen(false);
        launcher.focus();
      }
    });
    newConversation.addEventListener('click', function () {
      startOver();
    });
    personButton.addEventListener('click', function () {
      requestPerson();
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submit();
      }
    });
    log.addEventListener('scroll', function () {
      if (state.turn && Math.abs(log.scrollTop - state.autoScrollTop) > 2) state.turn.follow = false;
    });
    input.addEventListener('input', function () {
      updateCounter();
      writeStored(DRAFT_KEY, input.value);
      if (errorBox.dataset.kind === 'validation') clearError();
    });

    return {
      root: root,
      launcher: launcher,
      panel: panel,
      status: status,
      disclaimer: disclaimer,
      emergency: emergency,
      emergencyAdvice: emergencyAdvice,
      emergencyCall: emergencyCall,
      emergencyFlags: emergencyFlags,
      emergencyFlagList: emergencyFlagList,
      log: log,
      errorBox: errorBox,
      form: form,
      input: input,
      counter: counter,
      send: send,
      welcome: log.firstChild,
    };
  }

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'cl-launcher-icon');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    return svg;
  }

  function setOpen(open) {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    ui.root.classList.toggle('cl-is-open', open);
    if (open) {
      scrollToEnd(true);
      // Focus moves into the panel, to where the patient types (not on a page load that opens it by itself).
      if (state.userOpened) ui.input.focus();
    }
  }

  /** Busy only while the configuration loads: a message typed while a reply arrives waits in the queue. */
  function setBusy(busy) {
    state.busy = busy;
    ui.send.disabled = busy && !state.config.loaded;
    ui.form.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function setStatus(kind, text) {
    ui.status.dataset.state = kind;
    ui.panel.dataset.connection = kind;
    ui.status.textContent = text;
  }

  function updateCounter() {
    var length = ui.input.value.length;
    var max = state.config.maxMessageChars;
    ui.counter.textContent = length + ' / ' + max;
    ui.counter.classList.toggle('cl-counter-over', length > max);
  }

  function showError(message, kind) {
    ui.errorBox.textContent = message;
    ui.errorBox.dataset.kind = kind;
    ui.errorBox.hidden = false;
    if (kind === 'validation') ui.input.setAttribute('aria-invalid', 'true');
  }

  function clearError() {
    ui.errorBox.hidden = true;
    ui.errorBox.textContent = '';
    delete ui.errorBox.dataset.kind;
    ui.input.removeAttribute('aria-invalid');
  }

  function isNearEnd() {
    var log = ui.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function setScroll(top) {
    ui.log.scrollTop = top;
    state.autoScrollTop = ui.log.scrollTop;
  }

  function scrollToEnd(force) {
    if (force || isNearEnd()) setScroll(ui.log.scrollHeight);
  }

  /**
   * While a reply arrives, keep its newest part in view, but never scroll its first line out of view: a patient
   * reads from the top. Stops following once the patient scrolls the log themselves.
   */
  function followTurn(turn) {
    if (!turn.follow) return;
    var log = ui.log;
    var maxTop = log.scrollHeight - log.clientHeight;
    var turnTop = log.scrollTop + turn.root.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    setScroll(Math.max(0, Math.min(maxTop, turnTop)));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Configuration and connection

  function loadConfig() {
    return fetch(ORIGIN + '/api/widget-config', { headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('widget-config ' + res.status);
        return res.json();
      })
      .then(function (body) {
        var max = Number(body && body.maxMessageChars);
        return {
          emergencyNumber: asString(body && body.emergencyNumber) || DEFAULT_CONFIG.emergencyNumber,
          maxMessageChars: Number.isInteger(max) && max > 0 ? max : DEFAULT_CONFIG.maxMessageChars,
          disclaimer: asString(body && body.disclaimer) || DEFAULT_CONFIG.disclaimer,
          clinic: body && body.clinic && typeof body.clinic === 'object' ? body.clinic : null,
          loaded: true,
        };
      })
      .catch(function (err) {
        console.warn('[careline] using default widget configuration:', err);
        return DEFAULT_CONFIG;
      });
  }

  function loadSocketIo() {
    if (window.io) return Promise.resolve(window.io);
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = ORIGIN + '/socket.io/socket.io.js';
      tag.async = true;
      tag.onload = function () {
        window.io ? resolve(window.io) : reject(new Error('socket.io client did not load'));
      };
      tag.onerror = function () {
        reject(new Error('socket.io client did not load'));
      };
      document.head.appendChild(tag);
    });
  }

  function connect() {
    loadSocketIo().then(
      function (io) {
        var socket = io(ORIGIN + '/chat', { transports: ['websocket', 'polling'] });
        state.socket = socket;
        socket.on('connect', function () {
          setStatus('online', 'Online');
          flushQueue();
        });
        socket.on('disconnect', function () {
          if (navigator.onLine !== false) setStatus('offline', 'Reconnecting\u2026');
          // The reply in progress is asked for again on reconnect, with the same clientMessageId: the server
          // answers it once and replays the stored answer.
          if (state.turn) interruptTurn();
        });
        socket.on('connect_error', function () {
          setStatus('offline', 'Cannot reach the assistant');
        });
        socket.on('triage', onTriage);
        socket.on('token', onToken);
        socket.on('done', onDone);
        socket.on('error', onServerError);
      },
      function () {
        setStatus('offline', 'Unavailable');
        showError('The assistant is unavailable right now. If you feel very unwell, call ' + state.config.emergencyNumber + '.', 'server');
        setBusy(true);
      }
    );
  }

  function readStored(key) {
    try {
      return sessionStorage.getItem(key) || null;
    } catch (err) {
      return null;
    }
  }

  function writeStored(key, value) {
    try {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    } catch (err) {
      /* storage can be disabled */
    }
  }

  function readConversationId() {
    return readStored(STORAGE_KEY);
  }

  function saveConversationId(id, secret) {
    state.conversationId = id;
    ui.panel.dataset.conversationId = id;
    if (secret) state.conversationSecret = secret;
    try {
      sessionStorage.setItem(STORAGE_KEY, id);
      if (secret) sessionStorage.setItem(SECRET_KEY, secret);
    } catch (err) {
      /* storage can be disabled; the conversation simply will not survive a reload */
    }
  }

  function forgetConversationId() {
    state.conversationId = null;
    state.conversationSecret = null;
    delete ui.panel.dataset.conversationId;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
      sessionStorage.removeItem(SECRET_KEY);
    } catch (err) {
      /* see saveConversationId */
    }
  }

  function newClientMessageId() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; plain-HTTP intranet deployments get a random v4-shaped id.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Sending

  function submit() {
    if (state.busy && !state.config.loaded) return;
    var raw = ui.input.value;
    var text = raw.trim();
    var max = state.config.maxMessageChars;
    if (!text) {
      showError('Please type a message before sending.', 'validation');
      ui.input.focus();
      return;
    }
    if (raw.length > max) {
      showError(
        'Your message is ' + raw.length + ' characters long; the limit is ' + max + '. Please shorten it by ' + (raw.length - max) + ' characters.',
        'validation'
      );
      ui.input.focus();
      return;
    }
    clearError();
    ui.input.value = '';
    writeStored(DRAFT_KEY, '');
    updateCounter();
    sendText(text);
  }

  /**
   * A message the patient sent: shown at once with its state ("Sending", "Waiting for connection", "Not sent,
   * Retry"), queued, and sent when the socket is connected and no other reply is arriving. Its clientMessageId is
   * fixed here and kept across every retry, so the server answers it once.
   */
  function sendText(text) {
    var status = el('span', { class: 'cl-msg-status', 'data-testid': 'msg-status', role: 'status' });
    var root = el('div', { class: 'cl-msg cl-msg-user', 'data-testid': 'msg-user' }, el('div', { class: 'cl-bubble' }, text), status);
    ui.log.appendChild(root);
    var outgoing = { text: text, clientMessageId: newClientMessageId(), root: root, status: status, mayRestart: true };
    state.queue.push(outgoing);
    setOutgoing(outgoing, 'queued');
    scrollToEnd(true);
    flushQueue();
  }

  function online() {
    return !!(state.socket && state.socket.connected && navigator.onLine !== false);
  }

  function setOutgoing(outgoing, kind) {
    outgoing.state = kind;
    outgoing.root.dataset.state = kind;
    clear(outgoing.status);
    if (kind === 'sending') append(outgoing.status, 'Sending\u2026');
    else if (kind === 'queued') append(outgoing.status, online() ? 'Waiting to send\u2026' : 'Waiting for connection: it will be sent when you are back online.');
    else if (kind === 'failed') {
      var retry = el('button', { type: 'button', class: 'cl-retry', 'data-testid': 'retry' }, 'Retry');
      retry.addEventListener('click', function () {
        if (state.queue.indexOf(outgoing) === -1) state.queue.push(outgoing);
        setOutgoing(outgoing, 'queued');
        flushQueue();
      });
      append(outgoing.status, ['Not sent. ', retry]);
    }
  }

  /** Sends the oldest waiting message when it can: connected, and no reply arriving. */
  function flushQueue() {
    if (state.turn || !state.queue.length) return;
    if (!online()) {
      state.queue.forEach(function (o) { setOutgoing(o, 'queued'); });
      return;
    }
    var outgoing = state.queue.shift();
    setOutgoing(outgoing, 'sending');
    startTurn(outgoing);
    emitMessage(state.turn, outgoing);
  }

  function emitMessage(turn, outgoing) {
    var payload = { text: outgoing.text, clientMessageId: outgoing.clientMessageId, audience: 'patient' };
    if (state.conversationId) {
      payload.conversationId = state.conversationId;
      if (state.conversationSecret) payload.conversationSecret = state.conversationSecret;
    }
    state.socket.timeout(ACK_TIMEOUT_MS).emit('message', payload, function (err, ack) {
      if (turn !== state.turn) return; // already finished or failed
      if (err) {
        if (!turn.gotEvent) failTurn('The assistant did not respond. Your message was kept: press Retry to send it again.');
        return;
      }
      if (ack && ack.error) {
        if (outgoing.mayRestart && payload.conversationId && RESTART_CODES[ack.error.code] === true) {
          // The stored conversation cannot be continued (unknown to the server, e.g. its database was reset, or
          // its secret is missing or no longer valid): start a new one rather than leave the patient stuck. The
          // server also sends an `error` event for the refused message.
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
      if (ack && typeof ack.conversationId === 'string' && ack.conversationId) {
        saveConversationId(ack.conversationId, typeof ack.conversationSecret === 'string' ? ack.conversationSecret : null);
      }
      if (ack && ack.messageId) turn.ackMessageId = ack.messageId;
      setOutgoing(outgoing, 'sent');
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Transcript, a new conversation, a person, feedback

  function secretHeaders() {
    return { accept: 'application/json', 'content-type': 'application/json', 'x-conversation-secret': state.conversationSecret || '' };
  }

  /** After a reload: the conversation so far, read with its secret (nothing when there is none or it is refused). */
  function restoreTranscript() {
    if (!state.conversationId || !state.conversationSecret) return Promise.resolve();
    return fetch(ORIGIN + '/api/conversations/' + encodeURIComponent(state.conversationId), { headers: secretHeaders() })
      .then(function (res) {
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          forgetConversationId();
          return null;
        }
        if (!res.ok) throw new Error('transcript ' + res.status);
        return res.json();
      })
      .then(function (body) {
        if (!body || !Array.isArray(body.messages)) return;
        var last = null;
        body.messages.forEach(function (m) {
          if (m.role === 'user') {
            ui.log.appendChild(el('div', { class: 'cl-msg cl-msg-user', 'data-testid': 'msg-user', 'data-state': 'sent' }, el('div', { class: 'cl-bubble' }, asString(m.content))));
          } else if (m.role === 'assistant') {
            last = renderStoredAnswer(m);
          }
        });
        if (last && last.question) renderQuickReplies(last.turn, last.question);
        scrollToEnd(true);
      })
      .catch(function (err) {
        console.warn('[careline] could not restore the conversation:', err);
      });
  }

  function renderStoredAnswer(m) {
    var text = el('div', { class: 'cl-reply-text', 'data-testid': 'reply-text' });
    var bubble = el('div', { class: 'cl-bubble' }, text);
    var meta = el('div', { class: 'cl-meta' });
    var root = el('div', { class: 'cl-msg cl-msg-assistant', 'data-testid': 'msg-assistant', 'data-restored': 'true' }, meta, bubble);
    ui.log.appendChild(root);
    var turn = { root: root, meta: meta, bubble: bubble, text: text, replyId: asString(m.id) };
    if (m.triage && m.triage.level) {
      showBadge(turn, m.triage);
      if (m.triage.emergency === true) showEmergency(m.triage);
    }
    var citations = Array.isArray(m.citations) ? m.citations.filter(isUsableCitation) : [];
    renderReply(text, asString(m.content), citations);
    if (citations.length) bubble.appendChild(renderSources(citations));
    renderFeedback(turn);
    return { turn: turn, question: m.question || null };
  }

  /** "New conversation": forget this one (its id and secret) and start over with an empty chat. */
  function startOver() {
    state.queue = [];
    if (state.turn) failTurn('');
    forgetConversationId();
    state.finished = Object.create(null);
    clear(ui.log);
    ui.log.appendChild(ui.welcome);
    ui.emergency.hidden = true;
    clearError();
    ui.input.focus();
  }

  /**
   * "Talk to a person": recorded for the clinic team (with the conversation's level) and answered with the clinic's
   * phone and hours. Before any message, it is asked in the chat, which records it the same way.
   */
  function requestPerson() {
    if (!state.conversationId || !state.conversationSecret) {
      sendText('I would like to talk to a person.');
      return;
    }
    fetch(ORIGIN + '/api/conversations/' + encodeURIComponent(state.conversationId) + '/person-request', {
      method: 'POST',
      headers: secretHeaders(),
      body: JSON.stringify({ reason: 'Asked from the chat widget' }),
    })
      .then(function (res) {
        if (!res.ok) throw new Error('person-request ' + res.status);
        return res.json();
      })
      .then(function (body) {
        ui.log.appendChild(personCard(body && body.contact, body && body.created === false ? 'again' : true));
        scrollToEnd(true);
      })
      .catch(function () {
        ui.log.appendChild(personCard(state.clinic, false));
        scrollToEnd(true);
      });
  }

  function personCard(contact, recorded) {
    contact = contact || state.clinic || {};
    var phone = asString(contact.phone);
    var hours = Array.isArray(contact.hours) ? contact.hours : [];
    var ooh = contact.outOfHours && asString(contact.outOfHours.phone);
    return el(
      'div',
      { class: 'cl-msg cl-msg-assistant cl-person', 'data-testid': 'person-card' },
      el(
        'div',
        { class: 'cl-bubble' },
        el('p', null, 'To talk to a person at ' + (asString(contact.name) || 'the clinic') + ', call ', phone && telHref(phone) ? el('a', { href: telHref(phone) }, phone) : phone, '.'),
        hours.length ? el('ul', { class: 'cl-hours' }, hours.map(function (h) { return el('li', null, asString(h.days) + ': ' + asString(h.hours)); })) : null,
        ooh ? el('p', null, 'When we are closed, call the out-of-hours line on ' + ooh + '.') : null,
        recorded === 'again'
          ? el('p', null, 'The clinic team already has your request to talk to someone.')
          : recorded
            ? el('p', null, 'I have let the clinic team know that you asked to talk to someone.')
            : null
      )
    );
  }

  /** Thumbs up / down under an answer, stored with it; the pressed one stays pressed. */
  function renderFeedback(turn) {
    if (!turn.replyId) return;
    var up = el('button', { type: 'button', class: 'cl-thumb', 'data-testid': 'feedback-up', 'aria-pressed': 'false', 'aria-label': 'This answer helped' }, '\uD83D\uDC4D');
    var down = el('button', { type: 'button', class: 'cl-thumb', 'data-testid': 'feedback-down', 'aria-pressed': 'false', 'aria-label': 'This answer did not help' }, '\uD83D\uDC4E');
    var note = el('span', { class: 'cl-visually-hidden', role: 'status' });
    function rate(rating, button, other) {
      if (!state.conversationId) return;
      fetch(ORIGIN + '/api/conversations/' + encodeURIComponent(state.conversationId) + '/messages/' + encodeURIComponent(turn.replyId) + '/feedback', {
        method: 'POST',
        headers: secretHeaders(),
        body: JSON.stringify({ rating: rating }),
      }).then(function (res) {
        if (!res.ok) throw new Error('feedback ' + res.status);
        button.setAttribute('aria-pressed', 'true');
        other.setAttribute('aria-pressed', 'false');
        note.textContent = 'Thank you for your feedback.';
      }).catch(function () {
        note.textContent = 'Your feedback could not be sent.';
      });
    }
    up.addEventListener('click', function () { rate('up', up, down); });
    down.addEventListener('click', function () { rate('down', down, up); });
    turn.bubble.appendChild(el('div', { class: 'cl-feedback', 'data-testid': 'feedback', role: 'group', 'aria-label': 'Was this helpful?' }, up, down, note));
  }

  /** The question the reply asked, answered by a button (its label is sent as the message); gone once answered. */
  function renderQuickReplies(turn, question) {
    var answers = question && Array.isArray(question.answers) ? question.answers.filter(function (a) { return a && asString(a.label); }) : [];
    if (!answers.length) return;
    var group = el('div', { class: 'cl-quick', 'data-testid': 'quick-replies', role: 'group', 'aria-label': 'Answer: ' + asString(question.text) });
    answers.forEach(function (a) {
      var b = el('button', { type: 'button', class: 'cl-quick-reply', 'data-testid': 'quick-reply' }, asString(a.label));
      b.addEventListener('click', function () {
        group.remove();
        sendText(asString(a.label));
      });
      group.appendChild(b);
    });
    turn.bubble.appendChild(group);
    state.quick = group;
  }

  /** The clinic's own page shows what the assistant knows about it: elements marked data-careline-clinic. */
  function fillHostPage(clinic) {
    if (!clinic) return;
    var fields = {
      phone: asString(clinic.phone),
      name: asString(clinic.name),
      address: asString(clinic.address),
      'out-of-hours': clinic.outOfHours && clinic.outOfHours.phone ? 'When we are closed, call the out-of-hours line on ' + clinic.outOfHours.phone + '.' : '',
      access: Array.isArray(clinic.access) ? clinic.access.join(' ') : '',
      'emergency-number': asString(clinic.emergencyNumber),
    };
    Array.prototype.forEach.call(document.querySelectorAll('[data-careline-clinic]'), function (node) {
      var key = node.getAttribute('data-careline-clinic');
      if (key === 'hours' && Array.isArray(clinic.hours)) {
        clear(node);
        clinic.hours.forEach(function (h) {
          node.appendChild(el('tr', null, el('th', { scope: 'row' }, asString(h.days)), el('td', null, asString(h.hours))));
        });
      } else if (key === 'services' && Array.isArray(clinic.services)) {
        clear(node);
        clinic.services.forEach(function (x) { node.appendChild(el('li', null, asString(x))); });
      } else if (fields[key]) {
        node.textContent = fields[key];
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Receiving

  function startTurn(outgoing) {
    // Quick replies answer the question just asked: once anything else is sent they no longer apply.
    if (state.quick) {
      state.quick.remove();
      state.quick = null;
    }
    var typing = el(
      'div',
      { class: 'cl-typing', 'data-testid': 'typing', role: 'status' },
      el('span', { class: 'cl-visually-hidden' }, 'The assistant is typing'),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'cl-dot', 'aria-hidden': 'true' })
    );
    var text = el('div', { class: 'cl-reply-text cl-streaming', 'data-testid': 'reply-text' });
    var bubble = el('div', { class: 'cl-bubble' }, typing, text);
    var meta = el('div', { class: 'cl-meta' });
    var root = el('div', { class: 'cl-msg cl-msg-assistant', 'data-testid': 'msg-assistant', 'aria-busy': 'true' }, meta, bubble);
    ui.log.appendChild(root);

    var turn = {
      outgoing: outgoing,
      root: root,
      meta: meta,
      bubble: bubble,
      typing: typing,
      text: text,
      stream: null,
      messageId: null,
      ackMessageId: null,
      triage: null,
      gotEvent: false,
      follow: true,
      timer: setTimeout(function () {
        if (state.turn === turn) failTurn('The answer is taking too long. Your message was kept: press Retry to send it again.');
      }, REPLY_TIMEOUT_MS),
    };
    state.turn = turn;
    setBusy(true);
    followTurn(turn);
  }

  /**
   * The turn an event belongs to, or null if it is stale (a reply that already finished or failed). Every event
   * (`triage`, `token`, `done`) carries the id of the patient's message, as the ack does.
   */
  function turnFor(payload) {
    var turn = state.turn;
    var id = payload && payload.messageId;
    if (id && state.finished[id]) return null;
    if (!turn) return null;
    if (id && !turn.messageId) turn.messageId = id;
    turn.gotEvent = true;
    return turn;
  }

  function markFinished(turn) {
    if (turn.messageId) state.finished[turn.messageId] = true;
    if (turn.ackMessageId) state.finished[turn.ackMessageId] = true;
  }

  function onTriage(payload) {
    var turn = turnFor(payload);
    if (!turn || !payload) return;
    turn.triage = payload;
    if (payload.emergency === true) showEmergency(payload);
    else showBadge(turn, payload);
    followTurn(turn);
  }

  function showEmergency(triage) {
    var number = state.config.emergencyNumber;
    ui.emergencyAdvice.textContent =
      asString(triage.advice) || 'Call ' + number + ' now, or go to the nearest emergency department.';
    var href = telHref(number);
    if (href) {
      ui.emergencyCall.setAttribute('href', href);
      ui.emergencyCall.textContent = 'Call ' + number;
      ui.emergencyCall.hidden = false;
    } else {
      ui.emergencyCall.hidden = true;
    }
    var flags = Array.isArray(triage.redFlags) ? triage.redFlags.filter(function (f) { return f && asString(f.label); }) : [];
    clear(ui.emergencyFlagList);
    flags.forEach(function (f) {
      var evidence = Array.isArray(f.evidence) ? f.evidence.filter(function (e) { return typeof e === 'string' && e; }) : [];
      ui.emergencyFlagList.appendChild(
        el('li', null, f.label, evidence.length ? ' (you said: \u201C' + evidence.join('\u201D, \u201C') + '\u201D)' : '')
      );
    });
    ui.emergencyFlags.hidden = !flags.length;
    ui.emergency.dataset.level = asString(triage.level);
    ui.emergency.hidden = false;
    ui.emergency.scrollIntoView({ block: 'nearest' });
  }

  function showBadge(turn, triage) {
    clear(turn.meta);
    var level = asString(triage.level);
    var label = asString(triage.label) || LEVEL_LABELS[level] || level;
    if (!label) return;
    turn.meta.appendChild(
      el(
        'span',
        { class: 'cl-badge', 'data-level': level, 'data-testid': 'triage-badge', title: asString(triage.advice) || null },
        el('span', { class: 'cl-visually-hidden' }, 'Urgency: '),
        label
      )
    );
  }

  function onToken(payload) {
    var turn = turnFor(payload);
    if (!turn || !payload || typeof payload.delta !== 'string') return;
    hideTyping(turn);
    if (!turn.stream) {
      turn.stream = document.createTextNode('');
      turn.text.appendChild(turn.stream);
    }
    turn.stream.appendData(payload.delta);
    followTurn(turn);
  }

  function hideTyping(turn) {
    if (turn.typing) {
      turn.typing.remove();
      turn.typing = null;
    }
  }

  function onDone(payload) {
    var turn = turnFor(payload);
    if (!turn || !payload) return;
    if (payload.messageId) state.finished[payload.messageId] = true;
    hideTyping(turn);
    var triage = turn.triage || payload.triage || null;
    if (!turn.triage && triage) {
      // The triage event never came (it should come first); show its result now rather than not at all.
      turn.triage = triage;
      if (triage.emergency === true) showEmergency(triage);
      else showBadge(turn, triage);
    }

    var citations = Array.isArray(payload.citations) ? payload.citations.filter(isUsableCitation) : [];
    var reply = asString(payload.reply) || (turn.stream ? turn.stream.data : '');
    clear(turn.text);
    turn.text.classList.remove('cl-streaming');
    renderReply(turn.text, reply, citations);

    if (citations.length) turn.bubble.appendChild(renderSources(citations));
    if (payload.fallback === true) {
      turn.bubble.appendChild(
        el('p', { class: 'cl-fallback', 'data-testid': 'fallback-note' }, asString(payload.note) || FALLBACK_NOTE)
      );
    }
    // The question is at the end of the reply text; its answers are buttons (never the question again as a list).
    turn.replyId = asString(payload.replyId);
    // A request for a person: the reply itself gives the phone and hours (and the request was recorded).
    renderFeedback(turn);
    if (payload.question) renderQuickReplies(turn, payload.question);
    followTurn(turn);
    finishTurn(turn);
  }

  function isUsableCitation(c) {
    return c && Number.isInteger(c.n) && typeof c.articleId === 'string' && ID_PATTERN.test(c.articleId);
  }

  function onServerError(payload) {
    if (payload && state.ignoreErrorCode && payload.code === state.ignoreErrorCode) {
      state.ignoreErrorCode = null;
      return;
    }
    var message = (payload && asString(payload.message)) || 'Something went wrong. Please try again.';
    if (state.turn) failTurn(message);
    else showError(message, 'server');
  }

  /** The connection dropped mid-reply: the message goes back to the front of the queue, sent again on reconnect. */
  function interruptTurn() {
    var turn = state.turn;
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

  function failTurn(message) {
    var turn = state.turn;
    if (turn) {
      markFinished(turn);
      hideTyping(turn);
      if (turn.outgoing && turn.outgoing.state !== 'sent' && !turn.gotEvent) setOutgoing(turn.outgoing, 'failed');
      if (!turn.text.textContent && !turn.triage) turn.root.remove();
      else {
        // Keep what arrived (the urgency is still useful) and say plainly that the answer stopped.
        if (!turn.text.textContent.trim()) turn.text.textContent = 'The answer could not be finished.';
        turn.text.classList.remove('cl-streaming');
        turn.root.classList.add('cl-msg-failed');
        finishTurn(turn);
      }
      clearTimeout(turn.timer);
      state.turn = null;
    }
    if (message) showError(message, 'server');
    setBusy(false);
    flushQueue();
  }

  function finishTurn(turn) {
    clearTimeout(turn.timer);
    turn.root.removeAttribute('aria-busy');
    markFinished(turn);
    if (turn.outgoing) setOutgoing(turn.outgoing, 'sent');
    if (state.turn === turn) {
      state.turn = null;
      setBusy(false);
      flushQueue();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reply formatting: a small, safe subset of Markdown (paragraphs, "- " and "1. " lists, **bold**, "## " headings)
  // and citation markers [1] / [1, 2], built as DOM nodes.

  function renderReply(container, text, citations) {
    var byNumber = Object.create(null);
    citations.forEach(function (c) { byNumber[c.n] = c; });

    var paragraph = null;
    var list = null;
    text.replace(/\r\n?/g, '\n').split('\n').forEach(function (line) {
      var trimmed = line.trim();
      var bullet = /^(?:[-*\u2022])\s+(.*)$/.exec(trimmed);
      var numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
      var heading = /^#{1,6}\s+(.*)$/.exec(trimmed);
      if (!trimmed) {
        paragraph = null;
        list = null;
      } else if (bullet || numbered) {
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tagName.toLowerCase() !== tag) {
          list = el(tag);
          container.appendChild(list);
        }
        paragraph = null;
        var item = el('li');
        renderInline(item, (bullet || numbered)[1], byNumber);
        list.appendChild(item);
      } else if (heading) {
        paragraph = null;
        list = null;
        var h = el('p', { class: 'cl-reply-heading' });
        renderInline(h, heading[1], byNumber);
        container.appendChild(h);
      } else {
        list = null;
        if (paragraph) paragraph.appendChild(el('br'));
        else {
          paragraph = el('p');
          container.appendChild(paragraph);
        }
        renderInline(paragraph, trimmed, byNumber);
      }
    });
  }

  function renderInline(parent, text, byNumber) {
    var pattern = /\[(\d+(?:\s*,\s*\d+)*)\]|\*\*([^*]+)\*\*/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text))) {
      append(parent, text.slice(last, match.index));
      if (match[2] !== undefined) {
        parent.appendChild(el('strong', null, match[2]));
      } else {
        var numbers = match[1].split(',').map(function (n) { return Number(n.trim()); });
        if (numbers.every(function (n) { return byNumber[n]; })) {
          numbers.forEach(function (n) { parent.appendChild(citationLink(byNumber[n])); });
        } else {
          append(parent, match[0]);
        }
      }
      last = pattern.lastIndex;
    }
    append(parent, text.slice(last));
  }

  function citationLink(citation) {
    var title = asString(citation.title) || citation.articleId;
    return el(
      'a',
      {
        class: 'cl-cite',
        href: articleHref(citation.articleId),
        target: '_blank',
        rel: 'noopener noreferrer',
        'data-testid': 'citation-link',
        // The sources list under the answer is the keyboard's way to each article: the inline markers are not one
        // tab stop each.
        tabindex: '-1',
        'aria-label': 'Source ' + citation.n + ': ' + title + ' (opens in a new tab)',
      },
      '[' + citation.n + ']'
    );
  }

  /** "NHS - Sunburn" for the article "Sunburn" reads as "NHS": the title is already shown. */
  function sourceName(source, title) {
    var name = asString(source).trim();
    var suffix = ' - ' + title.toLowerCase();
    if (name.toLowerCase().endsWith(suffix) && name.length > suffix.length) name = name.slice(0, -suffix.length);
    return name;
  }

  /** One line per article: the server numbers each cited passage, so one article can carry several numbers. */
  function renderSources(citations) {
    var groups = [];
    var byArticle = Object.create(null);
    citations
      .slice()
      .sort(function (a, b) { return a.n - b.n; })
      .forEach(function (c) {
        var group = byArticle[c.articleId];
        if (!group) {
          group = byArticle[c.articleId] = { citation: c, numbers: [] };
          groups.push(group);
        }
        if (group.numbers.indexOf(c.n) === -1) group.numbers.push(c.n);
      });
    var items = groups.map(function (group) {
      var c = group.citation;
      var title = asString(c.title) || c.articleId;
      var source = sourceName(c.source, title);
      return el(
        'li',
        null,
        el(
          'a',
          {
            href: articleHref(c.articleId),
            target: '_blank',
            rel: 'noopener noreferrer',
            'data-testid': 'source-link',
          },
          '[' + group.numbers.join(', ') + '] ' + title + (source ? ' - ' + source : ''),
          el('span', { class: 'cl-visually-hidden' }, ' (opens in a new tab)')
        )
      );
    });
    return el(
      'div',
      { class: 'cl-sources', 'data-testid': 'sources' },
      el('p', { class: 'cl-sources-title' }, 'Sources:'),
      el('ol', { class: 'cl-sources-list' }, items)
    );
  }

  if (state.conversationId) ui.panel.dataset.conversationId = state.conversationId;
})();
