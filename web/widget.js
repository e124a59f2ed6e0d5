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
  var OPEN_BY_DEFAULT = !!(script && script.dataset && script.dataset.open === 'true');

  var STORAGE_KEY = 'careline.conversationId';
  // The conversation's secret, returned once when it is created: the server needs it with the id to continue the
  // conversation. Kept in sessionStorage only (never in the DOM), so it ends with the tab.
  var SECRET_KEY = 'careline.conversationSecret';
  // Refusals for a stored conversation the widget cannot continue: it starts a new one and resends once.
  var RESTART_CODES = { not_found: true, unauthorized: true, forbidden: true };
  var ID_PATTERN = /^[a-z0-9-]+$/;
  var ACK_TIMEOUT_MS = 15000;
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
  loadConfig().then(function (config) {
    state.config = config;
    ui.disclaimer.textContent = config.disclaimer;
    updateCounter();
    setBusy(false);
    connect();
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
    var header = el(
      'header',
      { class: 'cl-header' },
      el('div', { class: 'cl-header-text' }, el('h2', { class: 'cl-title', id: 'cl-title' }, 'Clinic assistant'), status),
      closeButton
    );
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
      disclaimer,
      emergency,
      log,
      errorBox,
      form
    );

    var root = el('div', { class: 'cl-widget' }, panel, launcher);

    launcher.addEventListener('click', function () {
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
    if (open) scrollToEnd(true);
  }

  function setBusy(busy) {
    state.busy = busy;
    ui.send.disabled = busy;
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
        });
        socket.on('disconnect', function () {
          setStatus('offline', 'Reconnecting\u2026');
          if (state.turn) failTurn('The connection was lost before the answer finished. Please send your message again.');
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
    if (state.busy) return;
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
    if (!state.socket) {
      showError('Still connecting to the assistant. Please try again in a moment.', 'server');
      return;
    }
    clearError();

    ui.log.appendChild(el('div', { class: 'cl-msg cl-msg-user', 'data-testid': 'msg-user' }, el('div', { class: 'cl-bubble' }, text)));
    ui.input.value = '';
    updateCounter();
    startTurn();
    emitMessage(state.turn, text, true);
  }

  function emitMessage(turn, text, mayRestart) {
    var payload = { text: text, clientMessageId: newClientMessageId(), audience: 'patient' };
    if (state.conversationId) {
      payload.conversationId = state.conversationId;
      if (state.conversationSecret) payload.conversationSecret = state.conversationSecret;
    }
    state.socket.timeout(ACK_TIMEOUT_MS).emit('message', payload, function (err, ack) {
      if (turn !== state.turn) return; // already finished or failed
      if (err) {
        if (!turn.gotEvent) failTurn('The assistant did not respond. Please try again.');
        return;
      }
      if (ack && ack.error) {
        if (mayRestart && payload.conversationId && RESTART_CODES[ack.error.code] === true) {
          // The stored conversation cannot be continued (unknown to the server, e.g. its database was reset, or
          // its secret is missing or no longer valid): start a new one rather than leave the patient stuck. The
          // server also sends an `error` event for the refused message.
          forgetConversationId();
          state.ignoreErrorCode = ack.error.code;
          emitMessage(turn, text, false);
          return;
        }
        failTurn(asString(ack.error.message) || 'Your message could not be sent.');
        return;
      }
      if (ack && typeof ack.conversationId === 'string' && ack.conversationId) {
        saveConversationId(ack.conversationId, typeof ack.conversationSecret === 'string' ? ack.conversationSecret : null);
      }
      if (ack && ack.messageId) turn.ackMessageId = ack.messageId;
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Receiving

  function startTurn() {
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
        if (state.turn === turn) failTurn('The answer is taking too long. Please try again.');
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
    var questions = triage && Array.isArray(triage.followUpQuestions)
      ? triage.followUpQuestions.filter(function (q) { return typeof q === 'string' && q.trim(); })
      : [];
    if (questions.length) {
      turn.bubble.appendChild(
        el(
          'div',
          { class: 'cl-follow-up', 'data-testid': 'follow-up' },
          el('p', { class: 'cl-follow-up-title' }, 'To help, could you tell me:'),
          el('ul', null, questions.map(function (q) { return el('li', null, q); }))
        )
      );
    }
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

  function failTurn(message) {
    var turn = state.turn;
    if (turn) {
      markFinished(turn);
      hideTyping(turn);
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
    showError(message, 'server');
    setBusy(false);
  }

  function finishTurn(turn) {
    clearTimeout(turn.timer);
    turn.root.removeAttribute('aria-busy');
    markFinished(turn);
    if (state.turn === turn) state.turn = null;
    setBusy(false);
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
