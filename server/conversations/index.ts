import type { Logger } from 'pino';
import type { Auth, Principal, RequestContext } from '../auth';
import type { ChatEvents, ChatService } from '../chat';
import { createInflight, type InflightReply } from '../chat/inflight';
import { withSafetyFrame } from '../chat/safety';
import type { DonePayload } from '../chat/types';
import type { Audience, ConversationAccess, StoredMessage, Store } from '../db/store';
import { AppError } from '../errors';
import type { Limiter } from '../limits';
import type { ReplyLeases } from '../cluster/reply-leases';
import type { TriageResult } from '../triage';
import { CLAIM_WINDOW_MS, claimKey, hashSecret, newConversationSecret, secretMatches } from './secrets';

/** A message as a transport hands it over, after schema validation and the per-socket/per-address limits. */
export type SendInput = {
  text: string;
  conversationId?: string;
  conversationSecret?: string;
  clientMessageId?: string;
  /** Omitted: the conversation's audience (a new conversation: patient). */
  audience?: Audience;
  /** Resolves the caller's credential; called only when the nurse audience needs one. */
  principal: () => Promise<Principal | null>;
  ctx: RequestContext;
};

/** The ack: `conversationSecret` only when this message created the conversation (or re-created its secret). */
export type Accepted = { conversationId: string; messageId: string; conversationSecret?: string };

export type SendEvents = {
  accepted(ack: Accepted): void;
  triage: ChatEvents['triage'];
  token: ChatEvents['token'];
};

type Meta = { conversationId: string; audience: Audience; secret?: string };

const INTERRUPTED =
  'The server restarted before this answer was finished. Please send your message again for a full answer; the advice above still applies.';

export type Conversations = ReturnType<typeof createConversations>;

/**
 * Conversations as the transports see them: private to the holder of their secret, with a fixed audience, and
 * idempotent by clientMessageId (across a lost ack of the first message, and while a reply is still streaming).
 * It wraps the chat service without changing it: it resolves the conversation, then runs `chat.handle` once per
 * message through the in-flight registry.
 */
export function createConversations(deps: {
  store: Store;
  chat: ChatService;
  auth: Auth;
  /** Per-conversation message rate (shared by HTTP and Socket.IO, and by the instances when they share Redis). */
  conversationRate: Limiter;
  /** With several instances: who is producing which reply (Redis). Null for one instance: `inflight` is enough. */
  leases?: ReplyLeases | null;
  logger: Logger;
  now?: () => number;
}) {
  const { store, chat, auth, conversationRate, logger } = deps;
  const leases = deps.leases ?? null;
  const now = deps.now ?? Date.now;
  const inflight = createInflight<Meta>();

  /** The conversation behind an id and a secret: 404 unknown, 401 no secret, 403 wrong secret. */
  async function access(conversationId: string, secret: string | undefined): Promise<ConversationAccess> {
    const c = await store.conversationAccess(conversationId);
    if (!c) throw new AppError('not_found', 'No conversation with that id.');
    if (!secret) throw new AppError('unauthorized', 'This conversation needs its conversationSecret.');
    if (!secretMatches(secret, c.secretHash)) throw new AppError('forbidden', 'The conversationSecret does not match this conversation.');
    return c;
  }

  /** A nurse conversation also needs a nurse credential; the read or change is audited. */
  async function checkAudience(audience: Audience, input: Pick<SendInput, 'principal' | 'ctx'>, action: string, detail: Record<string, unknown>) {
    if (audience !== 'nurse') return;
    const principal = await auth.require(await input.principal(), 'nurse', input.ctx, action, detail);
    await auth.record(principal, action, detail, input.ctx);
  }

  const audienceFixed = (audience: Audience) => new AppError('forbidden', `This conversation was started for the ${audience} audience and stays so.`);

  async function takeRate(conversationId: string) {
    if (!(await conversationRate.take(conversationId))) {
      throw new AppError('rate_limited', 'Too many messages in this conversation. Please wait a moment before sending another.');
    }
  }

  /** Resolves (or creates) the conversation a message belongs to. Nothing is stored if this throws. */
  async function resolve(input: SendInput): Promise<Meta> {
    if (input.conversationId) {
      const c = await access(input.conversationId, input.conversationSecret);
      if (input.audience && input.audience !== c.audience) throw audienceFixed(c.audience);
      await checkAudience(c.audience, input, 'chat', { conversationId: c.id });
      await takeRate(c.id);
      // The client holds the secret, so the first message's resend key is no longer needed.
      if (c.claimKey) await store.clearClaim(c.id);
      return { conversationId: c.id, audience: c.audience };
    }
    const audience = input.audience ?? 'patient';
    const claim = claimKey(input.clientMessageId, input.text);
    const findClaim = async () => (claim ? await store.findClaim(claim, new Date(now() - CLAIM_WINDOW_MS).toISOString()) : undefined);
    const claimed = await findClaim();
    if (claimed) return resend(claimed);
    await checkAudience(audience, input, 'chat', { conversationId: null });
    const secret = newConversationSecret();
    let conversationId: string;
    try {
      conversationId = await store.createPrivateConversation(audience, hashSecret(secret), claim);
    } catch (err) {
      // The same first message, sent at the same moment to this or another instance, created it first (the claim
      // key is unique): this send is its resend.
      const raced = await findClaim();
      if (!raced) throw err;
      return resend(raced);
    }
    return { conversationId, audience, secret };

    async function resend(claimed: { id: string; audience: Audience }): Promise<Meta> {
      // A resend of a first message whose ack was lost: same conversation. Only the secret's hash was kept, so
      // unless the first send is still in progress here (its secret is in memory), the secret is replaced and the
      // new one goes in this ack.
      if (claimed.audience !== audience) throw audienceFixed(claimed.audience);
      await checkAudience(audience, input, 'chat', { conversationId: claimed.id, resend: true });
      await takeRate(claimed.id);
      const key = inflightKey(claimed.id, input.clientMessageId);
      const running = key ? inflight.get(key) : undefined;
      let secret = running?.meta.secret;
      if (!secret) {
        secret = newConversationSecret();
        await store.setConversationSecret(claimed.id, hashSecret(secret));
      }
      return { conversationId: claimed.id, audience, secret };
    }
  }

  const inflightKey = (conversationId: string, clientMessageId: string | undefined) => (clientMessageId ? `${conversationId}\0${clientMessageId}` : null);

  /** After a shutdown's bound: the reply is stored as the triage advice with a note, so a resend gets an answer. */
  async function storeInterrupted(entry: InflightReply<Meta>): Promise<DonePayload | null> {
    const { accepted, triage } = entry;
    if (!accepted || !triage) return null;
    const earlier = await store.getReplyTo(accepted.messageId);
    if (earlier) return null;
    const t: TriageResult = triage.triage;
    const reply = withSafetyFrame(INTERRUPTED, t, entry.meta.audience);
    const replyId = await store.insertAssistantMessage({
      conversationId: accepted.conversationId,
      replyTo: accepted.messageId,
      content: reply,
      triage: t,
      citations: [],
      model: 'offline',
      fallback: true,
    });
    return {
      conversationId: accepted.conversationId,
      messageId: accepted.messageId,
      replyId,
      reply,
      citations: [],
      triage: t,
      model: 'offline',
      fallback: true,
      note: 'The server restarted before this answer was finished.',
      removedCitations: 0,
      noReliableAnswer: false,
      // What the person was shown at once (the triage event) stands; the rest of the answer did not come.
      act: 'symptoms',
      carriesTriage: true,
      question: null,
    };
  }

  return {
    /**
     * One message, end to end: the conversation resolved (or created, with a secret), then the reply produced once
     * per clientMessageId (a resend while it streams joins it). Resolves with the same `done` for every joiner.
     */
    async send(input: SendInput, events: Partial<SendEvents> = {}): Promise<DonePayload> {
      const meta = await resolve(input);
      const listener: Partial<ChatEvents> = {
        accepted: ({ conversationId, messageId }) =>
          events.accepted?.({ conversationId, messageId, ...(meta.secret ? { conversationSecret: meta.secret } : {}) }),
        triage: events.triage,
        token: events.token,
      };
      const key = inflightKey(meta.conversationId, input.clientMessageId);
      const { entry } = inflight.run(key, meta, listener, async (ev, signal, self) => {
        // With several instances, one of them produces a given reply: a resend here waits for the instance that
        // is producing it, then finds the stored answer (chat.handle replays it) or, if that instance died, runs it.
        const held = key && leases ? await leases.acquire(key, signal) : null;
        try {
          return await chat.handle(
            { text: input.text, conversationId: meta.conversationId, clientMessageId: input.clientMessageId, audience: meta.audience },
            ev,
            signal,
          );
        } catch (err) {
          const stored = signal.aborted ? await storeInterrupted(self) : null;
          if (stored) return stored;
          throw err;
        } finally {
          await held?.lease.release();
        }
      });
      return entry.promise;
    },

    /** The conversation, checked: secret, and for a nurse conversation a nurse credential (audited). */
    async open(conversationId: string, secret: string | undefined, who: Pick<SendInput, 'principal' | 'ctx'>, action: string): Promise<ConversationAccess> {
      const c = await access(conversationId, secret);
      await checkAudience(c.audience, who, action, { conversationId });
      return c;
    },

    messages(conversationId: string): Promise<StoredMessage[]> {
      return store.allMessages(conversationId);
    },

    /**
     * A patient's request to talk to a person, recorded with the conversation's current level so the nurse queue can
     * sort by it; one open request per conversation (a second press returns the same one, `created: false`).
     */
    async requestPerson(c: ConversationAccess, reason: string | null): Promise<{ id: string; created: boolean; level: string | null }> {
      const state = (await store.getConversation(c.id))?.triage as { level?: string | null } | null | undefined;
      const level = state?.level ?? null;
      const r = await store.createPersonRequest({ conversationId: c.id, reason, level });
      return { ...r, level };
    },

    /** Thumbs up or down on one of the conversation's answers, stored with it (a second rating replaces the first). */
    async rate(c: ConversationAccess, messageId: string, rating: 'up' | 'down', comment: string | null): Promise<void> {
      const answer = (await store.allMessages(c.id)).find((m) => m.id === messageId && m.role === 'assistant');
      if (!answer) throw new AppError('not_found', 'No answer with that id in this conversation.');
      await store.setFeedback({ messageId, conversationId: c.id, rating: rating === 'up' ? 1 : -1, comment });
    },

    remove(conversationId: string): Promise<boolean> {
      return store.deleteConversation(conversationId);
    },

    /** Replies in progress. */
    get inflight(): number {
      return inflight.size;
    },

    /**
     * Graceful shutdown: waits up to `timeoutMs` for every reply in progress, then stops the rest and stores each
     * of them as interrupted (the triage advice, with the emergency instruction when there is one).
     */
    async drain(timeoutMs: number): Promise<{ finished: number; interrupted: number }> {
      const before = inflight.size;
      const left = await inflight.drain(timeoutMs);
      for (const entry of left) entry.controller.abort(new Error('server shutting down'));
      // Let the aborted replies unwind (and store themselves as interrupted); a stuck one is given up on.
      await Promise.race([Promise.allSettled(left.map((e) => e.promise)), new Promise((r) => setTimeout(r, 2000).unref())]);
      for (const entry of left) {
        // A reply whose model ignored the abort: store it now, so nothing in progress is lost.
        try {
          await storeInterrupted(entry);
        } catch (err) {
          logger.error({ err }, 'could not store an interrupted reply');
        }
      }
      return { finished: before - left.length, interrupted: left.length };
    },
  };
}
