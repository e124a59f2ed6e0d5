/**
 * Joins a reply's `token` deltas that come within `windowMs` of each other into one event. With several instances
 * every packet to a socket is a round trip to the Redis stream before it is sent (connection-state recovery keeps
 * it there), and the offline composer streams word by word: a few hundred stream entries per reply. Joined, the
 * text and its order are the same and the stream gets a tenth of the entries. `flush()` before anything that
 * must come after the tokens (`done`, `error`). With `windowMs` 0 every delta is sent as it comes.
 */
export function createTokenCoalescer(send: (t: { messageId: string; delta: string }) => void, windowMs: number) {
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
      timer ??= setTimeout(flush, windowMs);
    },
    flush,
  };
}
