import express, { type Request } from 'express';
import type { Auth } from '../auth';
import type { Config } from '../config';
import type { Conversations } from '../conversations';
import type { AskedQuestion, CitationPayload, DialogueAct, Level, PersonRequestResponse, TranscriptMessage } from '../contracts/chat';
import type { StoredMessage } from '../db/store';
import { clinicContact } from '../dialogue/clinic';
import type { Clinic } from '../knowledge/schema';
import { isEmergent } from '../triage';
import { contextOf, principalOf } from './auth';
import { conversationIdParam, feedbackBody, messageIdParam, personRequestBody } from './schemas';
import { parseInput } from './validate';

type StoredTriage = {
  level?: Level;
  label?: string;
  advice?: string;
  dialogue?: { act?: DialogueAct; carriesTriage?: boolean; question?: AskedQuestion | null };
} | null;

/**
 * The transcript's view of a message: answers carry what the widget needs to show them again after a reload: the
 * kind of turn, the badge (only when the turn carried an urgency, as it did live), the citations and the question.
 */
function transcriptMessage(m: StoredMessage): TranscriptMessage {
  const base = { id: m.id, role: m.role, content: m.content, createdAt: m.createdAt };
  if (m.role !== 'assistant') return base;
  const t = m.triage as StoredTriage;
  // Answers stored before dialogue acts existed carried their badge.
  const carries = t ? t.dialogue?.carriesTriage ?? true : false;
  return {
    ...base,
    act: t?.dialogue?.act ?? null,
    triage: t && carries && t.level ? { level: t.level, label: t.label ?? t.level, emergency: isEmergent(t.level), ...(t.advice ? { advice: t.advice } : {}) } : null,
    citations: (m.citations as CitationPayload[] | null) ?? [],
    question: t?.dialogue?.question ?? null,
  };
}

/**
 * A conversation, for whoever holds its secret (`X-Conversation-Secret`): the transcript, a JSON export (a
 * download) and deletion. 404 unknown id, 401 no secret, 403 wrong secret; a nurse conversation also needs a
 * nurse credential, and those reads and deletions are audited.
 */
export function createConversationRouter(deps: { config: Config; conversations: Conversations; auth: Auth; clinic: Clinic }) {
  const { config, conversations, auth, clinic } = deps;
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

  // A request to talk to a person: recorded for the clinic team (with the current level), answered with who to call.
  router.post('/api/conversations/:id/person-request', async (req, res) => {
    const body = parseInput(personRequestBody, req.body ?? {});
    const c = await open(req, 'conversation.person_request');
    const r = await conversations.requestPerson(c, body.reason ?? null);
    const out: PersonRequestResponse = { requestId: r.id, created: r.created, level: (r.level as Level | null) ?? null, contact: clinicContact(clinic) };
    res.status(r.created ? 201 : 200).json(out);
  });

  // Thumbs up or down on an answer of this conversation.
  router.post('/api/conversations/:id/messages/:messageId/feedback', async (req, res) => {
    const body = parseInput(feedbackBody, req.body);
    const c = await open(req, 'conversation.feedback');
    await conversations.rate(c, parseInput(messageIdParam, req.params.messageId), body.rating, body.comment || null);
    res.status(204).end();
  });

  router.delete('/api/conversations/:id', async (req, res) => {
    const c = await open(req, 'conversation.delete');
    await conversations.remove(c.id);
    res.status(204).end();
  });

  return router;
}
