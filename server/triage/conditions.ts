import type { Condition, Level } from '../knowledge/schema';
import type { PatientContext } from '../language/extract';
import { isEmergent, levelRank, maxLevel } from './levels';
import { inRange } from './red-flags';

/**
 * Reasoning over conditions, naive-Bayes style and explainable feature by feature: each condition starts from a
 * prior (how common it is, then age, sex and pregnancy), and every finding moves it by a likelihood ratio set by
 * the condition's data (how strongly a finding points to it when present, how much its absence says given how
 * often the condition has it). The numbers are bands, not measurements: they order the conditions and let a
 * dangerous one act at a lower probability than a benign one. They never lower a red flag.
 *
 * A finding that many conditions list (fever, vomiting, tiredness) cannot point strongly to any one of them,
 * whatever a single condition's data says: its likelihood ratio is capped by how many conditions share it, the
 * way inverse document frequency discounts common words. A condition is only "likely" when something specific
 * to it is present.
 */
export type EngineParams = {
  /**
   * How specific a finding is for the condition, by how strongly it points to it; with how often the condition
   * has it (its sensitivity) this gives the likelihood ratios: LR+ = sensitivity / (1 - specificity), and the LR-
   * of its absence. `against`: the likelihood ratio when it is present.
   */
  specificity: Record<'strong' | 'moderate' | 'weak', number>;
  againstLr: number;
  /** How often people with the condition have the finding (sensitivity). */
  seen: Record<'usually' | 'often' | 'sometimes', number>;
  riskLr: Record<'strong' | 'moderate' | 'weak', number>;
  prior: Record<Condition['prevalence'], number>;
  /** A condition's urgency applies once it is at least this likely: lower for conditions that kill. */
  threshold: Record<Condition['danger'], number>;
  /** Likelihood-ratio caps by how many conditions list a finding: [at least this many conditions, cap]. */
  ubiquity: [number, number][];
  /** A present finding with at least this (capped) likelihood ratio makes the condition a candidate. */
  cardinalLr: number;
  /**
   * Conditions compete for the same findings: each one's odds are shared out among all the candidates (and "none
   * of these"), so a deformed wrist makes a broken wrist likely, not also a rarer open fracture that the same
   * finding points to. Off: every condition is weighed on its own (one against the rest).
   */
  compete: boolean;
  outsideAgeLr: number;
  /** A condition whose required context (alcohol for withdrawal) the message does not name. */
  missingContextLr: number;
  ageUnknownLr: number;
  namedLr: number;
  namedDeniedLr: number;
  unexplainedLr: number;
  maxUnexplained: number;
  /**
   * A self-care condition that is the most likely explanation and explains everything reported may settle the level at
   * this share, below its own threshold (which is for raising a level, not for calling something minor).
   */
  benignLead: number;
  /**
   * A red flag below the emergency levels whose exception names a condition (`none: [hand_foot_and_mouth]`) also
   * yields when the features make that condition this likely, though no one named it.
   */
  exceptionLikelihood: number;
  onsetMatchLr: number;
  onsetMismatchLr: number;
  durationMismatchLr: number;
};

export const DEFAULT_PARAMS: EngineParams = {
  specificity: { strong: 0.98, moderate: 0.9, weak: 0.75 },
  againstLr: 0.3,
  seen: { usually: 0.85, often: 0.5, sometimes: 0.2 },
  riskLr: { strong: 4, moderate: 2, weak: 1.4 },
  prior: { very_common: 0.05, common: 0.02, uncommon: 0.005, rare: 0.001 },
  threshold: { life_threatening: 0.1, serious: 0.2, moderate: 0.35, minor: 0.5 },
  ubiquity: [
    [60, 1.8],
    [25, 3],
    [12, 6],
  ],
  cardinalLr: 3.5,
  compete: true,
  outsideAgeLr: 0.15,
  missingContextLr: 0.1,
  ageUnknownLr: 0.4,
  namedLr: 4,
  namedDeniedLr: 0.5,
  unexplainedLr: 0.75,
  maxUnexplained: 4,
  benignLead: 0.3,
  exceptionLikelihood: 0.9,
  onsetMatchLr: 1.5,
  onsetMismatchLr: 0.6,
  durationMismatchLr: 0.35,
};

/** How often a risk factor is present in people with the condition, when asking about it (a band, not a figure). */
const RISK_SEEN = 0.3;

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
  /** The patient's past history ("previous DVT", "had a heart attack"): risk factors, not current findings. */
  history?: Set<string>;
  /** Present symptoms and signs (not modifiers or risk factors): those a condition should explain. */
  symptoms: Set<string>;
  ctx: PatientContext;
  /** How each concept was said, for the explanation ("swollen calf"). */
  words: (concept: string) => string;
  /** The kind of a concept: an exposure or a risk ("stung by a bee", "in the sun all day") cannot on its own make
   *  a condition likely, only a symptom or sign can. */
  kind?: (concept: string) => string | undefined;
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
  /** The probability before the "something specific" rule: how well the findings fit (used to choose questions). */
  fit: number;
  /** How many of the present findings the condition lists. */
  explains: number;
  likelihood: 'high' | 'moderate' | 'low';
  /** Likely enough for its urgency to count. */
  passes: boolean;
  /** The person named it, or its defining finding ("back pain"), and one of its escalations applies. */
  namedAndEscalated: boolean;
  evidenceFor: string[];
  evidenceAgainst: string[];
  /** Why, term by term (log-odds): for the eval report and a reviewing nurse. */
  terms: { what: string; logLr: number }[];
  /** Features (and risk factors) neither reported nor denied: what a question could settle. */
  unknown: { concept: string; lr: number; sensitivity: number; risk?: boolean }[];
};

type PreparedFeature = { concept: string; points: Condition['features'][number]['points']; lr: number; uncapped: number; sensitivity: number };

export type ConditionEngine = {
  params: EngineParams;
  /** `explain: false`: the numbers only (see the engine), for simulating answers. */
  score(c: Condition, ev: Evidence, explain?: boolean): ConditionScore | null;
  /**
   * The conditions something present points to (a feature, a risk factor or the name), scored, most likely first.
   * Any other condition stays at its prior and cannot pass: it is not scored at all.
   */
  scoreAll(ev: Evidence, options?: { explain?: boolean }): ConditionScore[];
  /**
   * Fills in the explanation (`terms`, `evidenceFor`, `evidenceAgainst`, `unknown`) of scores made without it, from
   * the same evidence: triage scores every condition a message touches (27 on average) by the numbers, then
   * explains only those it shows or asks about. The numbers (after sharing) are left as they are.
   */
  explain(scores: ConditionScore[], ev: Evidence): void;
  /** How many conditions list a finding (for the report and the tests). */
  sharedBy(concept: string): number;
};

// Months first: a 10-month-old is 0.83 years, inside a 0.25-3 year range, though whole years round it down to 0.
const ageOf = (ctx: PatientContext) => (ctx.ageMonths !== undefined ? ctx.ageMonths / 12 : ctx.ageYears);

/** Is the condition possible at all for this person (sex, pregnancy)? */
function possibleFor(c: Condition, ctx: PatientContext): boolean {
  if (c.sex && ctx.sex && ctx.sex !== c.sex) return false;
  if (c.pregnancy === 'only' && !ctx.pregnant) return false;
  if (c.pregnancy === 'never' && ctx.pregnant) return false;
  const weeks = ctx.gestationWeeks;
  if (c.gestationWeeks && weeks !== undefined && ((c.gestationWeeks.min !== undefined && weeks < c.gestationWeeks.min) || (c.gestationWeeks.max !== undefined && weeks > c.gestationWeeks.max))) return false;
  return true;
}

export function createConditionEngine(conditions: Condition[], params: EngineParams = DEFAULT_PARAMS): ConditionEngine {
  const shared = new Map<string, number>();
  for (const c of conditions) for (const f of c.features) if (f.points !== 'against') shared.set(f.concept, (shared.get(f.concept) ?? 0) + 1);
  // Which conditions each concept can move (features, risk factors, the condition's own id).
  const touching = new Map<string, Condition[]>();
  const touch = (concept: string, c: Condition) => {
    const list = touching.get(concept) ?? [];
    if (!list.includes(c)) list.push(c);
    touching.set(concept, list);
  };
  for (const c of conditions) {
    touch(c.id, c);
    for (const f of c.features) if (f.points !== 'against') touch(f.concept, c);
    for (const r of c.risk_factors) touch(r.concept, c);
  }
  const cap = (concept: string) => {
    const n = shared.get(concept) ?? 0;
    for (const [atLeast, lr] of params.ubiquity) if (n >= atLeast) return lr;
    return Infinity;
  };
  const prepared = new Map<string, PreparedFeature[]>(
    conditions.map((c) => [
      c.id,
      c.features.map((f) => {
        const sensitivity = params.seen[f.seen];
        const lr = f.points === 'against' ? params.againstLr : Math.max(1.1, sensitivity / (1 - params.specificity[f.points]));
        return { concept: f.concept, points: f.points, lr: f.points === 'against' ? lr : Math.min(lr, cap(f.concept)), uncapped: lr, sensitivity };
      }),
    ]),
  );

  const byId = new Map(conditions.map((c) => [c.id, c]));
  /** Scores made with `explain: false` whose explanation was filled in since (see `explain`). */
  const explained = new WeakSet<ConditionScore>();
  // What a condition's fit can be explained by (its id, features and risk factors): the same for every message.
  const explainers = new Map(conditions.map((c) => [c.id, new Set<string>([c.id, ...c.features.map((f) => f.concept), ...c.risk_factors.map((r) => r.concept)])]));

  /**
   * `explain: false` (the question chooser's simulated answers, 20-24 rescorings a message): the same numbers
   * (probability, fit, urgency, passes, likelihood, explains), summed in the same order, without the words that
   * explain them (`terms`, `evidenceFor`, `evidenceAgainst` and `unknown` are left empty).
   */
  function score(c: Condition, ev: Evidence, explain = true): ConditionScore | null {
    if (!possibleFor(c, ev.ctx)) return null;
    const terms: ConditionScore['terms'] = [];
    // The log-odds, added term by term in the order of `terms` (the same double as summing `terms` afterwards).
    let logOdds = 0;
    const term = (what: string, logLr: number) => {
      logOdds += logLr;
      if (explain) terms.push({ what, logLr });
    };
    const evidenceFor: string[] = [];
    const evidenceAgainst: string[] = [];
    const unknown: ConditionScore['unknown'] = [];
    let cardinal = false;
    term(explain ? `prior (${c.prevalence})` : '', logit(params.prior[c.prevalence]));

    const age = ageOf(ev.ctx);
    if (age !== undefined && c.age && ((c.age.min !== undefined && age < c.age.min) || (c.age.max !== undefined && age > c.age.max))) {
      term(explain ? `age ${Math.round(age * 10) / 10} outside ${c.age.min ?? 0}-${c.age.max ?? '...'}` : '', Math.log(params.outsideAgeLr));
      if (explain) evidenceAgainst.push(`age ${Math.floor(age)}`);
    } else if (age === undefined && c.age) {
      // Age not given: a condition of babies and children is less likely unless the message is about a child, one of
      // older age less likely for anyone (most people who write are not old).
      if (c.age.max !== undefined && c.age.max <= 16 && ev.ctx.subject !== 'child' && !ev.ctx.infantAgeUnknown) term('a condition of children, age not given', Math.log(params.ageUnknownLr));
      else if (c.age.min !== undefined && c.age.min >= 50) term('a condition of older age, age not given', Math.log(params.ageUnknownLr));
    }

    // Naming the condition ("I think it's my appendix", "I have asthma") is evidence too.
    if (ev.present.has(c.id)) {
      term(explain ? `named: ${ev.words(c.id)}` : '', Math.log(params.namedLr));
      if (explain) evidenceFor.push(ev.words(c.id));
      cardinal = true;
    } else if (ev.denied.has(c.id)) term(explain ? `denied: ${c.id}` : '', Math.log(params.namedDeniedLr));

    const featureConcepts = explainers.get(c.id)!;
    for (const f of prepared.get(c.id)!) {
      if (ev.present.has(f.concept)) {
        term(explain ? `${ev.words(f.concept)} (${f.points}${f.lr < f.uncapped ? ', common to many conditions' : ''})` : '', Math.log(f.lr));
        if (f.points === 'against') {
          if (explain) evidenceAgainst.push(ev.words(f.concept));
        } else {
          if (explain) evidenceFor.push(ev.words(f.concept));
          const kind = ev.kind?.(f.concept);
          if (f.lr >= params.cardinalLr && kind !== 'event' && kind !== 'risk_factor' && kind !== 'modifier') cardinal = true;
        }
      } else if (ev.denied.has(f.concept)) {
        const neg = f.points === 'against' ? 1 : absentLr(f.sensitivity, f.lr);
        if (neg !== 1) {
          term(explain ? `no ${ev.words(f.concept)}` : '', Math.log(neg));
          if (neg < 0.8 && explain) evidenceAgainst.push(`no ${ev.words(f.concept)}`);
        }
      } else if (f.points !== 'against' && explain) unknown.push({ concept: f.concept, lr: f.lr, sensitivity: f.sensitivity });
    }
    if (c.context_required.length && !c.context_required.some((r) => ev.present.has(r) || ev.history?.has(r))) {
      term(explain ? `no mention of ${ev.words(c.context_required[0])}` : '', Math.log(params.missingContextLr));
      if (explain) evidenceAgainst.push(`no mention of ${ev.words(c.context_required[0])}`);
    }
    for (const r of c.risk_factors) {
      if (ev.present.has(r.concept) || ev.history?.has(r.concept)) {
        term(explain ? `${ev.words(r.concept)} (risk, ${r.points})` : '', Math.log(params.riskLr[r.points]));
        if (explain) evidenceFor.push(ev.words(r.concept));
      } else if (!ev.denied.has(r.concept) && explain) unknown.push({ concept: r.concept, lr: params.riskLr[r.points], sensitivity: RISK_SEEN, risk: true });
    }
    // A condition that leaves much unexplained fits less well than one that explains it all: a cold does not
    // explain chest pain. Only for conditions that do little harm if missed: a dangerous one is not talked down
    // by a second, unrelated complaint.
    const unexplained = c.danger === 'minor' || c.danger === 'moderate' ? [...ev.symptoms].filter((s) => !featureConcepts.has(s)).slice(0, params.maxUnexplained) : [];
    if (unexplained.length) term(explain ? `not explained: ${unexplained.map(ev.words).join(', ')}` : '', unexplained.length * Math.log(params.unexplainedLr));

    // Onset and time course.
    const sudden = ev.present.has('sudden_onset') || ev.ctx.onset === 'sudden';
    const gradual = ev.ctx.onset === 'gradual';
    if (c.onset.length && (sudden || gradual)) {
      const fits = sudden ? c.onset.includes('sudden') : c.onset.some((o) => o === 'days' || o === 'weeks' || o === 'months');
      term(`onset ${sudden ? 'sudden' : 'gradual'}`, Math.log(fits ? params.onsetMatchLr : params.onsetMismatchLr));
    }
    const days = ev.ctx.durationDays;
    if (days !== undefined && c.duration) {
      if ((c.duration.maxDays !== undefined && days > c.duration.maxDays * 1.5) || (c.duration.minDays !== undefined && days < c.duration.minDays / 2)) {
        term(explain ? `lasted ${days < 1 ? `${Math.round(days * 24)} hours` : `${Math.round(days)} days`}` : '', Math.log(params.durationMismatchLr));
      }
    }

    const raw = sigmoid(logOdds);
    // Without something specific to it, a condition stays at its prior however the common findings add up.
    const probability = cardinal ? raw : Math.min(params.prior[c.prevalence], raw);
    const threshold = params.threshold[c.danger];
    let urgency = c.urgency;
    for (const e of c.escalate) {
      const concepts = e.when.every((w) => ev.present.has(w)) && !e.unless.some((u) => ev.present.has(u));
      const vitals = !e.vitals || Object.entries(e.vitals).every(([k, r]) => inRange(ev.ctx.vitals[k as keyof PatientContext['vitals']] as number | undefined, r));
      // A duration counts only when the message gives one.
      const lasted = !e.durationDays || (ev.ctx.durationDays !== undefined && inRange(ev.ctx.durationDays, e.durationDays));
      if (concepts && vitals && lasted && (e.when.length || e.vitals || e.durationDays)) urgency = maxLevel(urgency, e.to);
    }
    const escalated = levelRank(urgency) > levelRank(c.urgency);
    let explains = ev.present.has(c.id) ? 1 : 0;
    for (const x of ev.symptoms) if (featureConcepts.has(x)) explains++;
    // Another condition the person names that is one of this one's features ("a cold" for sinusitis) is explained too.
    for (const x of ev.present) if (x !== c.id && ev.kind?.(x) === 'condition' && featureConcepts.has(x)) explains++;
    return {
      id: c.id,
      name: c.name,
      layName: c.lay_name,
      articleId: c.article,
      urgency,
      danger: c.danger,
      probability,
      fit: raw,
      explains,
      likelihood: probability >= 0.5 ? 'high' : probability >= threshold ? 'moderate' : 'low',
      passes: cardinal && probability >= threshold,
      namedAndEscalated: escalated && ev.present.has(c.id),
      evidenceFor: explain ? [...new Set(evidenceFor)] : evidenceFor,
      evidenceAgainst: explain ? [...new Set(evidenceAgainst)] : evidenceAgainst,
      terms,
      unknown,
    };
  }

  return {
    params,
    score,
    scoreAll(ev, options = {}) {
      const relevant = new Set<Condition>();
      for (const concept of ev.present) for (const c of touching.get(concept) ?? []) relevant.add(c);
      // History alone moves a condition (as a risk factor) but cannot make it likely: only score it with findings.
      const out: ConditionScore[] = [];
      for (const c of relevant) {
        const s = score(c, ev, options.explain ?? true);
        if (s) out.push(s);
      }
      if (params.compete) share(out, (x) => params.threshold[x.danger]);
      return out.sort((a, b) => b.probability - a.probability);
    },
    explain(scores, ev) {
      for (const s of scores) {
        if (explained.has(s)) continue;
        const full = score(byId.get(s.id)!, ev)!;
        s.terms = full.terms;
        s.evidenceFor = full.evidenceFor;
        s.evidenceAgainst = full.evidenceAgainst;
        s.unknown = full.unknown;
        explained.add(s);
      }
    },
    sharedBy: (concept) => shared.get(concept) ?? 0,
  };
}

/**
 * Shares the odds out among the candidates: p = odds / (1 + sum of the candidates' odds). Each condition's
 * `probability` (and `fit`) becomes its share; `passes` and `likelihood` follow.
 */
function share(scores: ConditionScore[], thresholdOf: (s: ConditionScore) => number): void {
  const odds = (p: number) => p / (1 - Math.min(p, 0.999999));
  const totalProbability = scores.reduce((a, s) => a + odds(s.probability), 0);
  const totalFit = scores.reduce((a, s) => a + odds(s.fit), 0);
  for (const s of scores) {
    s.probability = odds(s.probability) / (1 + totalProbability);
    s.fit = odds(s.fit) / (1 + totalFit);
    const threshold = s.passes || s.likelihood !== 'low' ? thresholdOf(s) : Infinity;
    s.passes = s.passes && s.probability >= threshold;
    s.likelihood = s.probability >= 0.5 ? 'high' : s.passes ? 'moderate' : 'low';
  }
}

/** The level the likely conditions need: the highest urgency among those that pass their threshold. */
export function conditionsLevel(scores: ConditionScore[], known: Set<string> = new Set()): { level: Level | null; because: ConditionScore | null } {
  let level: Level | null = null;
  let because: ConditionScore | null = null;
  // When no condition is likely, one the person names ("my back pain", "sciatica") stands in for them: what makes
  // it more urgent ("... now going down both legs") counts however its probability came out. A likely condition
  // that fits better ("heard a pop" in a twisted knee: a ligament injury, not a sprain with a break) keeps the say.
  const noneLikely = !scores.some((s) => s.passes);
  for (const s of scores) {
    if (!s.passes && !(noneLikely && s.namedAndEscalated)) continue;
    // A long-term condition the person already has and names ("my usual migraine") is their diagnosis, not a new
    // possibility: it does not raise the level by itself (an emergent one still does; red flags always do).
    if (known.has(s.id) && !isEmergent(s.urgency)) continue;
    if (!level || levelRank(s.urgency) > levelRank(level)) {
      level = s.urgency;
      because = s;
    }
  }
  return { level, because };
}
