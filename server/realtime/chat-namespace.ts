import { parse as parseCookies } from 'cookie';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { SESSION_COOKIE, type Auth } from '../auth';
import type { Config } from '../config';
import type { Accepted, Conversations } from '../conversations';
import { AppError, toErrorBody } from '../errors';
import type { ClientIp } from '../http/client-ip';
import { socketMessage } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { MessageLimits } from '../limits';
import { publicDone, publicTriage } from './payloads';
import { createTokenCoalescer } from './token-coalescer';

type Ack = (response: Accepted | ReturnType<typeof toErrorBody>) => void;

export type ChatNamespaceDeps = {
  config: Config;
  conversations: Conversations;
  auth: Auth;
  limits: MessageLimits;
  clientIp: ClientIp;
  logger: Logger;
  isDraining: () => boolean;
  /** Join token deltas into a few events per sentence, waiting at most this many milliseconds (token-coalescer.ts). @default 0 */
  coalesceTokensMs?: number;
};

const tooFast = () => new AppError('rate_limited', 'You are sending messages too quickly. Please wait a moment and try again.');

/**
 * Namespace /chat: `message` (with ack) -> `triage` -> `token`* -> `done`, or `error`. The answer is finished
 * and stored even if the client disconnects, so a retry with the same clientMessageId gets it back (or, while it
 * is still being written, joins it). Limits come first and store nothing: a token bucket per socket and per client
 * address, and at most MAX_STREAMS_PER_SOCKET replies in progress per socket.
 */
export function registerChatNamespace(io: Server, deps: ChatNamespaceDeps) {
  const { config, conversations, auth, limits, clientIp, logger, isDraining } = deps;
  const nsp = io.of('/chat');
  // Built once, not per message: a zod object schema compiles its parser when it is made (0.2-0.4 ms a message).
  const messageSchema = socketMessage(config.maxMessageChars);

  nsp.on('connection', (socket: Socket) => {
    const ip = clientIp.of(socket.request);
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    const cookie = parseCookies(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
    let streams = 0;
    const tokens = createTokenCoalescer((t) => socket.emit('token', t), deps.coalesceTokensMs ?? 0);

    socket.on('message', async (payload: unknown, ack?: Ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      // Once the message is acked, its error event names it, like every other event of that reply.
      let messageId: string | undefined;
      const fail = (e: AppError) => {
        tokens.flush();
        reply(toErrorBody(e));
        socket.emit('error', { ...toErrorBody(e).error, ...(messageId ? { messageId } : {}) });
      };
      if (isDraining()) return fail(new AppError('unavailable', 'The assistant is restarting. Please send your message again in a moment.'));
      if (streams >= config.limits.streamsPerSocket) return fail(tooFast());
      // The socket's own budget and its stream slot are taken at once (synchronously), so messages arriving
      // together cannot all pass; the address's budget may be shared with other instances (a round trip to Redis),
      // and a refusal there gives the socket's token back.
      if (!limits.perSocket.take(socket.id)) return fail(tooFast());
      streams++;
      let input;
      try {
        if (!(await limits.perIp.take(ip))) {
          limits.perSocket.refund(socket.id);
          throw tooFast();
        }
        input = parseInput(messageSchema, payload, config.maxMessageChars);
      } catch (err) {
        streams--;
        return fail(err instanceof AppError ? err : new AppError('bad_request', 'The message could not be read.'));
      }
      try {
        const done = await conversations.send(
          { ...input, principal: () => auth.authenticate({ bearer: token, cookie }, { ip }), ctx: { ip } },
          {
            accepted: (a) => {
              messageId = a.messageId;
              reply(a);
            },
            triage: ({ messageId, conversationId, triage, act }) => socket.emit('triage', publicTriage(messageId, conversationId, triage, act)),
            token: (t) => tokens.push(t),
          },
        );
        tokens.flush();
        socket.emit('done', publicDone(done));
      } catch (err) {
        if (err instanceof AppError) return fail(err);
        logger.error({ err }, 'socket message failed');
        fail(new AppError('internal', 'Something went wrong on our side. If this is an emergency, call the emergency number now.'));
      } finally {
        streams--;
      }
    });
  });
  return nsp;
}
