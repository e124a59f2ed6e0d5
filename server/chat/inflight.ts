import type { ChatEvents } from './index';
import type { DonePayload } from './types';

type Accepted = Parameters<ChatEvents['accepted']>[0];
type TriageEvent = Parameters<ChatEvents['triage']>[0];

/** One reply being produced: who listens to it, what it has said so far, how to stop it. */
export type InflightReply<M> = {
  readonly key: string | null;
  readonly meta: M;
  accepted?: Accepted;
  triage?: TriageEvent;
  readonly listeners: Set<Partial<ChatEvents>>;
  readonly controller: AbortController;
  promise: Promise<DonePayload>;
};

export type Inflight<M> = ReturnType<typeof createInflight<M>>;

/**
 * Replies in progress, by idempotency key (conversation + clientMessageId). A resend of a message whose reply is
 * still being produced joins that reply instead of starting a second one: it hears the ack and the triage
 * already sent, then the remaining tokens and the same `done`. So the model runs once and one answer is stored.
 * It also knows every reply in progress, which is what a graceful shutdown waits for.
 */
export function createInflight<M = undefined>() {
  const byKey = new Map<string, InflightReply<M>>();
  const running = new Set<InflightReply<M>>();

  const each = (entry: InflightReply<M>, call: (l: Partial<ChatEvents>) => void) => {
    for (const l of entry.listeners) {
      try {
        call(l);
      } catch {
        // One listener (a socket that went away) must not stop the reply for the others.
      }
    }
  };

  function join(entry: InflightReply<M>, listener: Partial<ChatEvents>) {
    entry.listeners.add(listener);
    if (entry.accepted) listener.accepted?.(entry.accepted);
    if (entry.triage) listener.triage?.(entry.triage);
  }

  return {
    get(key: string): InflightReply<M> | undefined {
      return byKey.get(key);
    },

    /**
     * Runs `work` as the reply for `key`, or joins the reply already running under it (`joined: true`, and `work`
     * is not called). A null key (a message without a clientMessageId) always runs and is tracked for shutdown.
     */
    run(
      key: string | null,
      meta: M,
      listener: Partial<ChatEvents>,
      work: (events: ChatEvents, signal: AbortSignal, entry: InflightReply<M>) => Promise<DonePayload>,
    ): { entry: InflightReply<M>; joined: boolean } {
      const existing = key === null ? undefined : byKey.get(key);
      if (existing) {
        join(existing, listener);
        return { entry: existing, joined: true };
      }
      const entry: InflightReply<M> = { key, meta, listeners: new Set([listener]), controller: new AbortController(), promise: undefined! };
      if (key !== null) byKey.set(key, entry);
      running.add(entry);
      const events: ChatEvents = {
        accepted(a) {
          entry.accepted = a;
          each(entry, (l) => l.accepted?.(a));
        },
        triage(t) {
          entry.triage = t;
          each(entry, (l) => l.triage?.(t));
        },
        token(t) {
          each(entry, (l) => l.token?.(t));
        },
      };
      entry.promise = (async () => work(events, entry.controller.signal, entry))().finally(() => {
        if (key !== null && byKey.get(key) === entry) byKey.delete(key);
        running.delete(entry);
      });
      return { entry, joined: false };
    },

    /** Replies in progress right now. */
    get size(): number {
      return running.size;
    },

    /**
     * Waits until every reply in progress has settled, or `timeoutMs` has passed; returns those still running.
     * Replies started while it waits are waited for too.
     */
    async drain(timeoutMs: number): Promise<InflightReply<M>[]> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)));
      try {
        while (running.size) {
          const all = Promise.allSettled([...running].map((e) => e.promise)).then(() => 'settled' as const);
          if ((await Promise.race([all, deadline.then(() => 'timeout' as const)])) === 'timeout') break;
        }
      } finally {
        clearTimeout(timer);
      }
      return [...running];
    },
  };
}
