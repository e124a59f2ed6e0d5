/**
 * Joins a reply's `token` deltas into a few events per sentence. The offline composer streams word by word (about
 * 130 events a reply) and connection-state recovery keeps every packet: a packet per word costs a frame, a
 * recovery-buffer entry and, with several instances, a round trip to the Redis stream. Joined, the text and its
 * order are the same. What is waiting is sent when a sentence ends (a delta ending in ". ", "! ", "? " or a new
 * line), when it reaches `maxChars`, or `windowMs` after its first delta (a model streaming slowly still shows
 * progress). `flush()` before anything that must come after the tokens (`done`, `error`). With `windowMs` 0 every
 * delta is sent as it comes.
 */
export function createTokenCoalescer(send: (t: { messageId: string; delta: string }) => void, windowMs: number, maxChars = 240) {
  let pending: { messageId: string; delta: string } | null = null;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending) send(pending);
    pending = null;
  };
  return {
    push(t: { messageId: string; delta: string }) {
      if (windowMs <= 0) return send(t);
      if (pending && pending.messageId !== t.messageId) flush();
      if (pending) pending.delta += t.delta;
      else pending = { messageId: t.messageId, delta: t.delta };
      if (SENTENCE_END.test(t.delta) || pending.delta.length >= maxChars) return flush();
      timer ??= setTimeout(flush, windowMs);
    },
    flush,
  };
}

/** The end of a sentence or a line, as the offline composer's and the models' deltas carry it. */
const SENTENCE_END = /(?:[.!?]["')\]]*\s+|\n\s*)$/;
