import type { Assessment, CauseSummary, Citation, PersonRequestDetail, PersonRequestSummary, TranscriptMessage } from '../contracts/nurse';
import type { PersonRequest, Store, StoredMessage } from '../db/store';
import type { Level } from '../knowledge/schema';
import type { PossibleCause, TriageResult } from '../triage';

/** What a stored message's triage holds (publicTriageResult), read defensively: a turn with no urgency has none. */
type StoredTriage = Partial<Pick<TriageResult, 'level' | 'label' | 'emergency' | 'reason' | 'advice' | 'redFlags' | 'findings' | 'conditions'>>;

const triageOf = (m: StoredMessage): StoredTriage | null => {
  const t = m.triage as StoredTriage | null;
  return t && typeof t === 'object' && typeof t.level === 'string' ? t : null;
};

const cause = (c: PossibleCause): CauseSummary => ({
  id: c.id,
  name: c.name,
  likelihood: c.likelihood,
  urgency: c.urgency,
  articleId: c.articleId,
  evidenceFor: c.evidenceFor ?? [],
  evidenceAgainst: c.evidenceAgainst ?? [],
});

/** The conversation's current assessment: the triage of its latest message that has one. */
export function assessmentOf(messages: StoredMessage[]): Assessment | null {
  const t = [...messages].reverse().map(triageOf).find(Boolean);
  if (!t) return null;
  return {
    level: t.level as Level,
    label: t.label ?? t.level!,
    emergency: Boolean(t.emergency),
    reason: t.reason ?? '',
    advice: t.advice ?? '',
    redFlags: (t.redFlags ?? []).map((f) => ({ id: f.id, label: f.label, level: f.level, evidence: f.evidence ?? [] })),
    findings: (t.findings ?? []).map((f) => ({ concept: f.concept, name: f.name, present: f.present, text: f.text })),
    conditions: (t.conditions ?? []).map(cause),
  };
}

function summaryOf(request: PersonRequest, messages: StoredMessage[], assessment: Assessment | null): PersonRequestSummary {
  return {
    id: request.id,
    conversationId: request.conversationId,
    status: request.status,
    reason: request.reason,
    createdAt: request.createdAt,
    handledAt: request.handledAt,
    handledBy: request.handledBy,
    firstMessage: messages.find((m) => m.role === 'user')?.content ?? null,
    level: assessment?.level ?? (request.level as Level | null),
    label: assessment?.label ?? null,
    messages: messages.length,
    causes: (assessment?.conditions ?? []).slice(0, 3),
  };
}

function transcriptOf(messages: StoredMessage[]): TranscriptMessage[] {
  return messages.map((m) => {
    const t = triageOf(m);
    return {
      id: m.id,
      role: m.role,
      content: m.content,
      createdAt: m.createdAt,
      level: (t?.level as Level | undefined) ?? null,
      label: t?.label ?? null,
      citations: Array.isArray(m.citations) ? (m.citations as Citation[]) : [],
    };
  });
}

export type PersonRequestQueue = ReturnType<typeof createPersonRequestQueue>;

/**
 * The nurse side of "talk to a person": the queue of patients' requests with what a nurse needs to pick one up (the
 * conversation's first message, current level and possible causes), one request with its transcript and assessment,
 * and marking one handled. Reads and writes go through the store; the audit is the caller's (the HTTP route knows who).
 */
export function createPersonRequestQueue(store: Store) {
  async function summarise(request: PersonRequest): Promise<PersonRequestSummary> {
    const messages = await store.allMessages(request.conversationId);
    return summaryOf(request, messages, assessmentOf(messages));
  }
  return {
    async list(status: 'open' | 'handled' | 'all', limit = 100): Promise<PersonRequestSummary[]> {
      const requests = await store.listPersonRequests({ status, limit });
      return Promise.all(requests.map(summarise));
    },

    async get(id: string): Promise<PersonRequestDetail | null> {
      const request = await store.getPersonRequest(id);
      if (!request) return null;
      const messages = await store.allMessages(request.conversationId);
      const assessment = assessmentOf(messages);
      return { request: summaryOf(request, messages, assessment), transcript: transcriptOf(messages), assessment };
    },

    /** Marks it handled by `actor`; `changed` is false when it already was (the summary says by whom). */
    async markHandled(id: string, actor: string): Promise<{ request: PersonRequestSummary; changed: boolean } | null> {
      const changed = await store.markPersonRequestHandled(id, actor);
      const request = await store.getPersonRequest(id);
      if (!request) return null;
      return { request: await summarise(request), changed };
    },
  };
}
