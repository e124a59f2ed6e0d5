import express, { type Request } from 'express';
import type { Auth } from '../auth';
import type { Config } from '../config';
import type { Conversations } from '../conversations';
import type { StoredMessage } from '../db/store';
import { contextOf, principalOf } from './auth';
import { conversationIdParam } from './schemas';
import { parseInput } from './validate';

type StoredTriage = { level?: string; label?: string } | null;

/** The transcript's view of a message: answers carry their triage level and label and their citations. */
function transcriptMessage(m: StoredMessage) {
  const base = { id: m.id, role: m.role, content: m.content, createdAt: m.createdAt };
  if (m.role !== 'assistant') return base;
  const t = m.triage as StoredTriage;
  return { ...base, triage: t ? { level: t.level, label: t.label } : null, citations: m.citations ?? [] };
}

/**
 * A conversation, for whoever holds its secret (`X-Conversation-Secret`): the transcript, a JSON export (a
 * download) and deletion. 404 unknown id, 401 no secret, 403 wrong secret; a nurse conversation also needs a
 * nurse credential, and those reads and deletions are audited.
 */
export function createConversationRouter(deps: { config: Config; conversations: Conversations; auth: Auth }) {
  const { config, conversations, auth } = deps;
  const router = express.Router();
  const open = (req: Request, action: string) =>
    conversations.open(parseInput(conversationIdParam, req.params.id), req.get('x-conversation-secret') || undefined, {
      principal: () => principalOf(auth, req, config.allowedOrigins),
      ctx: contextOf(req),
    }, action);

  router.get('/api/conversations/:id', async (req, res) => {
    const c = await open(req, 'conversation.read');
    res.set('Cache-Control', 'no-store');
    res.json({ conversationId: c.id, audience: c.audience, createdAt: c.createdAt, messages: (await conversations.messages(c.id)).map(transcriptMessage) });
  });

  router.get('/api/conversations/:id/export', async (req, res) => {
    const c = await open(req, 'conversation.export');
    const messages = (await conversations.messages(c.id)).map((m) => ({
      id: m.id,
      role: m.role,
      content: m.content,
      createdAt: m.createdAt,
      ...(m.role === 'assistant' ? { triage: m.triage, citations: m.citations ?? [], model: m.model, fallback: m.fallback } : {}),
    }));
    res.set('Cache-Control', 'no-store');
    res.attachment(`careline-conversation-${c.id}.json`);
    res.type('application/json').send(
      JSON.stringify({ exportedAt: new Date().toISOString(), conversation: { id: c.id, audience: c.audience, createdAt: c.createdAt }, messages }, null, 2),
    );
  });

  router.delete('/api/conversations/:id', async (req, res) => {
    const c = await open(req, 'conversation.delete');
    await conversations.remove(c.id);
    res.status(204).end();
  });

  return router;
}
