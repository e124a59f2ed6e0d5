import type { Condition, Level } from '../knowledge/schema';
import type { PatientContext } from '../language/extract';
import { levelRank, maxLevel } from './levels';
import { inRange } from './red-flags';

/**
 * Reasoning over conditions, naive-Bayes style and explainable feature by feature: each condition starts from a
 * prior (how common it is, then age, sex and pregnancy), and every finding moves it by a likelihood ratio set by
 * the condition's data (how strongly a finding points to it when present, how much its absence says given how
 * often the condition has it). The numbers are bands, not measurements: they order the conditions and let a
 * dangerous one act at a lower probability than a benign one. They never lower a red flag.
 */

/** Likelihood ratio of a present finding, by how strongly it points to the condition. */
export const POINTS_LR = { strong: 15, moderate: 4, weak: 1.8, against: 0.3 } as const;
/** How often people with the condition have the finding (sensitivity). */
export const SEEN_SENSITIVITY = { usually: 0.85, often: 0.5, sometimes: 0.2 } as const;
export const RISK_LR = { strong: 4, moderate: 2, weak: 1.4 } as const;
export const PRIOR = { very_common: 0.05, common: 0.02, uncommon: 0.005, rare: 0.001 } as const;
/** A condition's urgency applies once it is at least this likely: lower for conditions that kill. */
export const THRESHOLD = { life_threatening: 0.1, serious: 0.2, moderate: 0.35, minor: 0.5 } as const;

const LR_OUTSIDE_AGE = 0.15;
const LR_NAMED = 4;
const LR_NAMED_DENIED = 0.5;
const LR_UNEXPLAINED = 0.75;
const MAX_UNEXPLAINED = 4;
const LR_ONSET_MATCH = 1.5;
const LR_ONSET_MISMATCH = 0.6;
const LR_DURATION_MISMATCH = 0.35;

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The likelihood ratio that a finding's absence carries, from its sensitivity and its positive likelihood ratio. */
export function absentLr(sensitivity: number, positiveLr: number): number {
  if (positiveLr <= 1) return 1;
  const specificity = Math.max(0.05, 1 - sensitivity / positiveLr);
  return (1 - sensitivity) / specificity;
}

export type Evidence = {
  /** Concepts the patient has now (with what they imply). */
  present: Set<string>;
  /** Concepts the patient denied. */
  denied: Set<string>;
  /** Present symptoms and signs (not modifiers or risk factors): those a condition should explain. */
  symptoms: Set<string>;
  ctx: PatientContext;
  /** How each concept was said, for the explanation ("swollen calf"). */
  words: (concept: string) => string;
};

export type ConditionScore = {
  id: string;
  name: string;
  layName: string;
  articleId: string;
  /** The level it needs now (its urgency, raised by any escalation that applies). */
  urgency: Level;
  danger: Condition['danger'];
  probability: number;
  likelihood: 'high' | 'moderate' | 'low';
  /** Likely enough for its urgency to count. */
  passes: boolean;
  evidenceFor: string[];
  evidenceAgainst: string[];
  /** Why, term by term (log-odds): for the eval report and a reviewing nurse. */
  terms: { what: string; logLr: number }[];
  /** Features neither reported nor denied: what a question could settle. */
  unknown: { concept: string; lr: number; sensitivity: number }[];
};

const ageOf = (ctx: PatientContext) => ctx.ageYears ?? (ctx.ageMonths !== undefined ? ctx.ageMonths / 12 : undefined);

/** Is the condition possible at all for this person (sex, pregnancy)? */
function possibleFor(c: Condition, ctx: PatientContext): boolean {
  if (c.sex && ctx.sex && ctx.sex !== c.sex) return false;
  if (c.pregnancy === 'only' && !ctx.pregnant) return false;
  if (c.pregnancy === 'never' && ctx.pregnant) return false;
  return true;
}

export function scoreCondition(c: Condition, ev: Evidence): ConditionScore | null {
  if (!possibleFor(c, ev.ctx)) return null;
  const terms: ConditionScore['terms'] = [{ what: `prior (${c.prevalence})`, logLr: logit(PRIOR[c.prevalence]) }];
  const evidenceFor: string[] = [];
  const evidenceAgainst: string[] = [];
  const unknown: ConditionScore['unknown'] = [];
  let cardinal = false;

  const age = ageOf(ev.ctx);
  if (age !== undefined && c.age && ((c.age.min !== undefined && age < c.age.min) || (c.age.max !== undefined && age > c.age.max))) {
    terms.push({ what: `age ${Math.round(age * 10) / 10} outside ${c.age.min ?? 0}-${c.age.max ?? '...'}`, logLr: Math.log(LR_OUTSIDE_AGE) });
    evidenceAgainst.push(`age ${Math.floor(age)}`);
  }

  // Naming the condition ("I think it's my appendix", "I have asthma") is evidence too.
  if (ev.present.has(c.id)) {
    terms.push({ what: `named: ${ev.words(c.id)}`, logLr: Math.log(LR_NAMED) });
    evidenceFor.push(ev.words(c.id));
    cardinal = true;
  } else if (ev.denied.has(c.id)) terms.push({ what: `denied: ${c.id}`, logLr: Math.log(LR_NAMED_DENIED) });

  const featureConcepts = new Set<string>([c.id]);
  for (const f of c.features) {
    featureConcepts.add(f.concept);
    const lr = POINTS_LR[f.points];
    const sens = SEEN_SENSITIVITY[f.seen];
    if (ev.present.has(f.concept)) {
      terms.push({ what: `${ev.words(f.concept)} (${f.points})`, logLr: Math.log(lr) });
      if (f.points === 'against') evidenceAgainst.push(ev.words(f.concept));
      else {
        evidenceFor.push(ev.words(f.concept));
        if (f.points === 'strong' || f.points === 'moderate') cardinal = true;
      }
    } else if (ev.denied.has(f.concept)) {
      const neg = f.points === 'against' ? 1 : absentLr(sens, lr);
      if (neg !== 1) {
        terms.push({ what: `no ${ev.words(f.concept)} (${f.seen})`, logLr: Math.log(neg) });
        if (neg < 0.8) evidenceAgainst.push(`no ${ev.words(f.concept)}`);
      }
    } else if (f.points !== 'against') unknown.push({ concept: f.concept, lr, sensitivity: sens });
  }
  for (const r of c.risk_factors) {
    featureConcepts.add(r.concept);
    if (ev.present.has(r.concept)) {
      terms.push({ what: `${ev.words(r.concept)} (risk, ${r.points})`, logLr: Math.log(RISK_LR[r.points]) });
      evidenceFor.push(ev.words(r.concept));
    }
  }
  // A condition that leaves much unexplained fits less well than one that explains it all: a cold does not explain
  // chest pain. Only for conditions that do little harm if missed: a dangerous one is not talked down by a
  // second, unrelated complaint.
  const unexplained = c.danger === 'minor' || c.danger === 'moderate' ? [...ev.symptoms].filter((s) => !featureConcepts.has(s)).slice(0, MAX_UNEXPLAINED) : [];
  if (unexplained.length) terms.push({ what: `not explained: ${unexplained.map(ev.words).join(', ')}`, logLr: unexplained.length * Math.log(LR_UNEXPLAINED) });

  // Onset and time course.
  const sudden = ev.present.has('sudden_onset') || ev.ctx.onset === 'sudden';
  const gradual = ev.ctx.onset === 'gradual';
  if (c.onset.length && (sudden || gradual)) {
    const fits = sudden ? c.onset.includes('sudden') : c.onset.some((o) => o === 'days' || o === 'weeks' || o === 'months');
    terms.push({ what: `onset ${sudden ? 'sudden' : 'gradual'}`, logLr: Math.log(fits ? LR_ONSET_MATCH : LR_ONSET_MISMATCH) });
  }
  const days = ev.ctx.durationDays;
  if (days !== undefined && c.duration) {
    if ((c.duration.maxDays !== undefined && days > c.duration.maxDays * 1.5) || (c.duration.minDays !== undefined && days < c.duration.minDays / 2)) {
      terms.push({ what: `lasted ${days < 1 ? `${Math.round(days * 24)} hours` : `${Math.round(days)} days`}`, logLr: Math.log(LR_DURATION_MISMATCH) });
    }
  }

  const probability = cardinal ? sigmoid(terms.reduce((s, t) => s + t.logLr, 0)) : Math.min(PRIOR[c.prevalence], sigmoid(terms.reduce((s, t) => s + t.logLr, 0)));
  const threshold = THRESHOLD[c.danger];
  let urgency = c.urgency;
  for (const e of c.escalate) {
    const concepts = e.when.every((w) => ev.present.has(w));
    const vitals = !e.vitals || Object.entries(e.vitals).every(([k, r]) => inRange(ev.ctx.vitals[k as keyof PatientContext['vitals']] as number | undefined, r));
    if (concepts && vitals && (e.when.length || e.vitals)) urgency = maxLevel(urgency, e.to);
  }
  return {
    id: c.id,
    name: c.name,
    layName: c.lay_name,
    articleId: c.article,
    urgency,
    danger: c.danger,
    probability,
    likelihood: probability >= 0.5 ? 'high' : probability >= threshold ? 'moderate' : 'low',
    passes: cardinal && probability >= threshold,
    evidenceFor: [...new Set(evidenceFor)],
    evidenceAgainst: [...new Set(evidenceAgainst)],
    terms,
    unknown,
  };
}

/** Every condition scored, most likely first. */
export function scoreConditions(conditions: Condition[], ev: Evidence): ConditionScore[] {
  const out: ConditionScore[] = [];
  for (const c of conditions) {
    const s = scoreCondition(c, ev);
    if (s) out.push(s);
  }
  return out.sort((a, b) => b.probability - a.probability);
}

/** The level the likely conditions need: the highest urgency among those that pass their threshold. */
export function conditionsLevel(scores: ConditionScore[]): { level: Level | null; because: ConditionScore | null } {
  let level: Level | null = null;
  let because: ConditionScore | null = null;
  for (const s of scores) {
    if (!s.passes) continue;
    if (!level || levelRank(s.urgency) > levelRank(level)) {
      level = s.urgency;
      because = s;
    }
  }
  return { level, because };
}
