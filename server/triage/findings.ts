import type { Analysis, Experiencer, Mention } from '../language';
import { FEAR_WORDS, statusOf } from '../language';
import type { ContextCategory } from '../language/context-rules';
import type { Vocabulary } from '../language/vocabulary';

/** A finding's status: its main ConText category (see server/language). */
export type FindingContext = ReturnType<typeof statusOf>;

/**
 * One concept the message (or the conversation) spoke of, and how: present or not, and why. `context` is the
 * main ConText status; `categories` all of them; `trigger` the words that set the status, so the API and the
 * eval report show why a word was or was not counted.
 */
export type Finding = {
  concept: string;
  name: string;
  kind: string;
  /** The patient has it now (or it still matters now: a stroke sign that passed, a recent operation). */
  present: boolean;
  /** The words of the message. */
  text: string;
  context: FindingContext;
  experiencer: Experiencer;
  categories: { negated: boolean; possible: boolean; hypothetical: boolean; historical: boolean; resolved: boolean; family: boolean; question: boolean };
  triggers: { category: ContextCategory; text: string; source: string }[];
  /** For a modifier ("suddenly", "severe"): the concept it qualifies. */
  qualifies?: string;
  /** Which turn of the conversation said it (0 = this message). */
  turn?: number;
};

export type FindingRules = {
  vocabulary: Vocabulary;
  /** History that still matters now ("a knee operation 2 weeks ago"). */
  recentHistory: Set<string>;
  /** Signs that count even when they have passed (a stroke sign: a TIA). */
  resolvedStillCounts: Set<string>;
};

/**
 * Whether a mention means the patient has the concept now. A hedged symptom ("I think my lips are going blue")
 * counts: safety first. A hedged diagnosis ("worried it might be meningitis") does not: it is a worry, not a finding.
 * A long-term condition in the past history ("history of asthma") is still the patient's condition.
 */
export function isPresent(m: Mention, rules: FindingRules): boolean {
  const c = m.context;
  if (m.experiencer !== 'patient') return false;
  // A passing stroke sign still counts; one from long ago ("a seizure when I was 12 but none since") does not.
  if (c.resolved) return rules.resolvedStillCounts.has(m.concept) && !c.triggers.some((t) => t.category === 'historical' && REMOTE.test(t.text));
  if (c.negated || c.hypothetical || m.question) return false;
  const concept = rules.vocabulary.byId.get(m.concept);
  if (c.historical) return historyStillCounts(m, rules);
  // "I think I have sepsis" counts (a belief, safety first); "worried it might be meningitis" is a worry.
  if (c.possible && concept?.kind === 'condition' && c.triggers.some((t) => t.category === 'possible' && WORRY.test(t.text))) return false;
  return true;
}

/**
 * A dated mention that is still the person's now. "10 years ago", "as a child": over. "history of", "PMH", "2 weeks
 * ago": a long-term condition or a risk factor is still the person's, and recent events (an operation, a birth) still
 * matter.
 */
function historyStillCounts(m: Mention, rules: FindingRules): boolean {
  const concept = rules.vocabulary.byId.get(m.concept);
  const trigger = m.context.triggers.find((t) => t.category === 'historical')?.text ?? '';
  // "stopped her apixaban last month": a medicine no longer taken is not the person's now (long-term steroids stopped
  // suddenly still are: the adrenal glands take months to recover).
  if (/^(has |have |had |just )?stopped\b/.test(trigger)) return rules.resolvedStillCounts.has(m.concept);
  // A lasting state told in the past ("I had a kidney transplant last year") is still the person's.
  if (concept?.chronic && concept.kind === 'risk_factor') return true;
  if (REMOTE.test(trigger)) return false;
  // A past acute event ("previous MI", "had a DVT") is history (a risk factor), not something happening now.
  return rules.recentHistory.has(m.concept) || Boolean(concept?.chronic) || concept?.kind === 'risk_factor';
}

const REMOTE = /\b(years?|yrs?|months?|decades?|child|kid|teen|teenager|baby|toddler|young|younger|little|school|born|long time|used to|once|childhood|while back|back in|last (year|summer|winter|spring|autumn|fall|christmas|easter)|(19|20)\d\d|when|at \d+|aged \d+)\b/;
// The fear words the language layer knows, the hedges that are not fear ("could be", "wondering"), the person's own
// question ("am I having a stroke?") and a fear they had ("I thought I was having a heart attack").
const WORRY = new RegExp(`${FEAR_WORDS.source}|\\b(?:fear|feared|could be|might be|could it|wondering|thought|am i|is (?:he|she|mum|dad)|are (?:we|they))\\b`);

/** For red flags only: someone else's current emergency is an emergency for the person writing ("my baby is floppy"). */
export function isOthersCurrent(m: Mention, rules: FindingRules): boolean {
  const c = m.context;
  // "I'm worried it's broken" about a son is the writer's fear, not the son's finding.
  const feared = c.possible && c.triggers.some((t) => t.category === 'possible' && WORRY.test(t.text));
  // "my wife had our baby 2 weeks ago": what still counts for the patient when dated counts for someone else too.
  return m.experiencer === 'other' && !c.negated && !c.hypothetical && (!c.historical || historyStillCounts(m, rules)) && !m.question && !feared;
}

export function toFinding(m: Mention, analysis: Analysis, rules: FindingRules): Finding {
  const concept = rules.vocabulary.byId.get(m.concept);
  const c = m.context;
  return {
    concept: m.concept,
    name: concept?.name ?? m.concept,
    kind: concept?.kind ?? 'finding',
    present: isPresent(m, rules),
    text: m.text,
    context: statusOf(m),
    experiencer: m.experiencer,
    categories: { negated: c.negated, possible: c.possible, hypothetical: c.hypothetical, historical: c.historical, resolved: c.resolved, family: c.family, question: m.question },
    triggers: c.triggers,
    ...(m.boundTo !== undefined ? { qualifies: analysis.mentions[m.boundTo].concept } : {}),
    turn: 0,
  };
}
