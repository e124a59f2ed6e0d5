import { createTriage, type TriageResult } from '../../server/triage';
import type { Knowledge } from '../../server/knowledge/load';
import { testKnowledge } from './knowledge';

/**
 * A triage built over the test knowledge, with the small readers the triage tests share: the result for a text, one
 * finding of a result, and the concepts a text is read as present.
 */
export function triageForTests(knowledge: Knowledge = testKnowledge()) {
  const triage = createTriage(knowledge, { emergencyNumber: '999' });
  const assess = (text: string) => triage.assess({ text });
  return {
    triage,
    assess,
    finding: (r: TriageResult, concept: string) => r.findings.find((f) => f.concept === concept),
    concepts: (text: string) => assess(text).findings.filter((f) => f.present).map((f) => f.concept),
  };
}
