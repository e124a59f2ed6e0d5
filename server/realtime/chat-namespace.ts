import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ChatService } from '../chat';
import type { Config } from '../config';
import type { Store } from '../db/store';
import { AppError, toErrorBody } from '../errors';
import type { NurseAuth } from '../http/auth';
import { socketMessage } from '../http/schemas';
import { parseInput } from '../http/validate';
import { publicDone, publicTriage } from './payloads';

type Ack = (response: { conversationId: string; messageId: string } | ReturnType<typeof toErrorBody>) => void;

/**
 * Namespace /chat: `message` (with ack) -> `triage` -> `token`* -> `done`, or `error`. The answer is finished
 * and stored even if the client disconnects, so a retry with the same clientMessageId gets it back.
 */
export function registerChatNamespace(io: Server, deps: { config: Config; store: Store; chat: ChatService; nurseAuth: NurseAuth; logger: Logger }) {
  const { config, chat, nurseAuth, store, logger } = deps;
  const nsp = io.of('/chat');

  nsp.on('connection', (socket: Socket) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;

    socket.on('message', async (payload: unknown, ack?: Ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      let input;
      try {
        input = parseInput(socketMessage(config.maxMessageChars), payload, config.maxMessageChars);
        if (input.audience === 'nurse') store.audit(nurseAuth.require(token ? `Bearer ${token}` : undefined), 'chat', { via: 'socket' });
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('bad_request', 'The message could not be read.');
        reply(toErrorBody(e));
        socket.emit('error', toErrorBody(e).error);
        return;
      }
      if (input.conversationId && !store.getConversation(input.conversationId)) {
        const e = new AppError('not_found', 'No conversation with that id.');
        reply(toErrorBody(e));
        socket.emit('error', toErrorBody(e).error);
        return;
      }
      try {
        const done = await chat.handle(
          { text: input.text, conversationId: input.conversationId, clientMessageId: input.clientMessageId, audience: input.audience },
          {
            accepted: ({ conversationId, messageId }) => reply({ conversationId, messageId }),
            triage: ({ messageId, conversationId, triage }) => socket.emit('triage', publicTriage(messageId, conversationId, triage)),
            token: (t) => socket.emit('token', t),
          },
        );
        socket.emit('done', publicDone(done));
      } catch (err) {
        logger.error({ err }, 'socket message failed');
        socket.emit('error', { code: 'internal', message: 'Something went wrong on our side. If this is an emergency, call the emergency number now.' });
      }
    });
  });
  return nsp;
}
