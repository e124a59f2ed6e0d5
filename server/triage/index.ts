import type { Knowledge } from '../knowledge/load';
import type { Analysis, Language } from '../language';
import { RETAKE, type PatientContext } from '../language/extract';
import { PASSED_EPISODE } from '../language/episodes';
import { languageFor } from '../language/setup';
import { isOthersCurrent, toFinding, type Finding, type FindingContext, type FindingRules } from './findings';
import { isEmergent, levelRank, maxLevel, type Level } from './levels';
import { conditionsLevel, createConditionEngine, DEFAULT_PARAMS, type ConditionScore, type EngineParams } from './conditions';
import { candidateConditions, chooseQuestion, type NextQuestion } from './questions';
import { computeNews2, type News2 } from './news2';
import { isChild, ruleConcepts, ruleMatches, usedConcepts, type RuleEvidence } from './red-flags';
import { sepsisScreen } from './sepsis';
import { abnormalVitals, VITAL_SIGN_CONCEPTS, vitalFindings } from './vitals';

/** Words after which a reply that opened with "no" reports something else ("no, but he has a rash"). */
const CONTRAST = new Set(['but', 'though', 'although', 'however', 'except', 'apart', 'only', 'just', 'yet', 'still']);

export { isEmergent, levelRank, maxLevel, threeLevel, LEVELS, type Level } from './levels';
export type { Finding, FindingContext } from './findings';

export type RedFlag = { id: string; label: string; level: Level; evidence: string[]; source: { name: string; url?: string } };

export type TriageInput = {
  text: string;
  age?: number;
  sex?: 'female' | 'male';
  pregnant?: boolean;
  /** The message already read by the language layer (the chat reads each message once and shares it). */
  analysis?: Analysis;
  /** The message answers the question asked before: yes, no or not sure about that concept. */
  answer?: { concept: string; value: 'yes' | 'no' | 'unsure' };
};

export type { NextQuestion } from './questions';
/** At most this many questions before the assistant settles on a level. */
export const MAX_QUESTIONS = 3;
/** Ages that make a condition one of older adults or of children, for the age question. */
const AGE_QUESTION_MIN = 40;
const AGE_QUESTION_MAX = 16;
const TIME_QUESTION_CANDIDATES = 5;
const TIME_QUESTION_FIT = 0.3;

/** A possible cause, as the API shows it (DESIGN.md): never the words of a diagnosis, always with its evidence. */
export type PossibleCause = {
  id: string;
  name: string;
  layName: string;
  likelihood: 'high' | 'moderate' | 'low';
  urgency: Level;
  articleId: string;
  evidenceFor: string[];
  evidenceAgainst: string[];
  /** Other names of the condition (abbreviations, lay names). */
  aka: string[];
};

export type TriageResult = {
  level: Level;
  /** The level in words for people (knowledge/red-flags/triage.yaml). */
  label: string;
  emergency: boolean;
  redFlags: RedFlag[];
  findings: Finding[];
  followUpQuestions: string[];
  advice: string;
  informational: boolean;
  context: PatientContext & { news2?: News2; locations: string[] };
  /** Why the level is what it is, in one line a nurse can read. */
  reason: string;
  /** The top possible causes (at most 5), most likely first. */
  conditions: PossibleCause[];
  /** Every condition's score with its terms, for the eval report and the nurse console (not in the public API). */
  scores?: ConditionScore[];
  /** The question whose answer could change the level most, or null when the level is settled. */
  nextQuestion: NextQuestion | null;
  /** What the conversation must remember about questions (see TriageState). */
  state: { asked: string[]; questions: number };
  /**
   * The assessment in brief, for the end of the questions: what the person told us, the level and why, the possible
   * causes with their articles, what to do now, and what would make it more urgent.
   */
  summary: TriageSummary;
};

export type TriageSummary = {
  /** The findings the person reported ("chest pain") and denied ("no fever"), in the order told. */
  told: string[];
  level: Level;
  label: string;
  reason: string;
  causes: { name: string; articleId: string; likelihood: PossibleCause['likelihood'] }[];
  now: string;
  /** Findings that would raise the level if they appeared (from the red-flag rules begun by what was told). */
  moreUrgentIf: string[];
};

/** What a conversation remembers between turns: every finding so far and the highest level reached. */
export type TriageState = {
  findings: Finding[];
  level: Level | null;
  context?: Partial<PatientContext>;
  /** Concepts already asked about (never asked again in the same words), and how many questions so far. */
  asked?: string[];
  questions?: number;
  /** The question the last reply asked, which the next message may answer. */
  openQuestion?: { concept: string; text: string } | null;
};

export type Triage = {
  assess(input: TriageInput, previous?: TriageState | null): TriageResult;
  language: Language;
};

/**
 * The deterministic triage layer: text (+ the conversation's earlier findings) -> findings (language layer:
 * vocabulary, ConText, experiencer) -> red-flag rules and NEWS2 -> level. No model is involved, and an
 * emergency level never goes down within a conversation.
 */
/** Concepts that name something that hurts, for binding a pain score to it. */
const HURTS = /pain|ache|colic|cramp|^sore_|migraine|sprain|agony/;

export function createTriage(knowledge: Knowledge, options: { emergencyNumber: string; language?: Language; params?: EngineParams }): Triage {
  const language = options.language ?? languageFor(knowledge);
  const engine = createConditionEngine(knowledge.conditions, options.params ?? DEFAULT_PARAMS);
  const vocabulary = language.vocabulary;
  const background = new Set(knowledge.triage.background);
  const rules: FindingRules = {
    vocabulary,
    recentHistory: new Set(knowledge.triage.recentHistory),
    resolvedStillCounts: new Set(knowledge.triage.resolvedStillCounts),
  };
  const concept = (id: string) => vocabulary.byId.get(id);
  const name = (id: string) => concept(id)?.name ?? id;
  const kinds = (id: string) => concept(id)?.kind;
  const rulesById = new Map(knowledge.redFlags.map((r) => [r.id, r]));
  const modifiers = new Set(vocabulary.concepts.filter((c) => c.kind === 'modifier').map((c) => c.id));
  const exposureWords = new Set(knowledge.triage.exposureWords);
  const reactions = new Set(knowledge.triage.writerReactions);
  const pregnancyFirst = [...knowledge.triage.selfCare.filter((p) => p.inPregnancy), ...knowledge.triage.selfCare.filter((p) => !p.inPregnancy)];
  const incidental = new Set(knowledge.triage.incidentalToMinor);
  const stoppingBleeds = new Set(knowledge.triage.stoppingBleeds);
  const periodBleeds = new Set(knowledge.triage.periodBleeds);
  const otherBleeds = knowledge.triage.otherBleeds;
  const conditionUrgency = new Map(knowledge.conditions.map((c) => [c.id, c.urgency as Level]));
  // Conditions that depend on the age or the time course (a temple headache at 72, a fever on its fifth day), for the
  // age and duration questions.
  const ageBound = new Set(knowledge.conditions.filter((c) => (c.age?.min ?? 0) >= AGE_QUESTION_MIN || (c.age?.max ?? Infinity) <= AGE_QUESTION_MAX).map((c) => c.id));
  const durationBound = new Set(knowledge.conditions.filter((c) => c.duration?.minDays !== undefined).map((c) => c.id));
  /**
   * As a nurse asks first: how old, and how long, when the answer decides whether a more urgent condition among the
   * likeliest few fits (giant cell arteritis only from 50; a fever's fifth day). Neither when already told.
   */
  const ageOrDuration = (candidates: ConditionScore[], level: Level, ctx: PatientContext, asked: Set<string>): NextQuestion | null => {
    const first = candidates.slice(0, TIME_QUESTION_CANDIDATES);
    // Only a condition that fits about as well as the likeliest one: a rare long shot is not worth a question.
    const best = Math.max(0, ...first.map((s) => s.fit));
    const likely = first.filter((s) => levelRank(s.urgency) > levelRank(level) && s.fit >= best * TIME_QUESTION_FIT);
    if (ctx.ageYears === undefined && ctx.ageMonths === undefined && !ctx.infantAgeUnknown && !asked.has('age') && likely.some((s) => ageBound.has(s.id))) {
      return { id: 'q_age', concept: 'age', text: 'How old are you (or the person you are asking about)?', answers: [], why: 'the likely causes depend on the age' };
    }
    if (ctx.durationDays === undefined && !asked.has('duration') && likely.some((s) => durationBound.has(s.id))) {
      return { id: 'q_duration', concept: 'duration', text: 'How long has this been going on?', answers: [], why: 'the likely causes depend on how long it has lasted' };
    }
    return null;
  };
  /** A concept and every concept it implies, transitively ("fever in a baby" is a fever). */
  const closure = (id: string): string[] => {
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const j of concept(out[i])?.implies ?? []) if (!out.includes(j)) out.push(j);
    return out;
  };
  // Red-flag rules by the concepts they use (a question only needs the rules its answer could complete).
  const rulesUsing = new Map<string, typeof knowledge.redFlags>();
  for (const rule of knowledge.redFlags) {
    for (const c of new Set(ruleConcepts(rule))) rulesUsing.set(c, [...(rulesUsing.get(c) ?? []), rule]);
  }
  const akaOf = new Map(knowledge.conditions.map((c) => [c.id, c.names]));
  const questionBank = new Map(knowledge.questions.map((q) => [q.concept, q.text]));
  /** A question for a concept with no written one: its plain name, when it has one a patient would say. */
  // A sign seen only in babies or children is asked about only when the person may be one: not for someone writing
  // about themselves, nor for an age that rules it out.
  const seenIn = (id: string, ctx: PatientContext): boolean => {
    const who = concept(id)?.seen_in;
    if (!who) return true;
    const years = ctx.ageYears ?? (ctx.ageMonths !== undefined ? ctx.ageMonths / 12 : undefined);
    if (years !== undefined) return who === 'infant' ? years < 2 : years < 16;
    return ctx.subject === 'child' || Boolean(ctx.infantAgeUnknown);
  };
  const autoQuestion = (id: string): string | null => {
    const c = concept(id);
    // Only findings a person notices; a diagnosis is not a question ("have you noticed stroke?").
    if (!c || c.kind === 'modifier' || c.kind === 'condition' || c.origin !== 'lexicon') return null;
    return `Have you noticed ${c.name.replace(/\s*\(.*\)$/, '')}?`;
  };
  const advice = (level: Level) =>
    knowledge.triage.levels[level]!.advice.replaceAll('{{emergency_number}}', options.emergencyNumber).trim();

  function assess(input: TriageInput, previous?: TriageState | null): TriageResult {
    const analysis = input.analysis ?? language.analyze(input.text, { antecedents: antecedentsOf(previous) });
    // What this message says about the person, over what earlier turns said (a later age settles a "baby").
    const fresh = analysis.person;
    const ctx: TriageResult['context'] = {
      ...(previous?.context ?? {}),
      ...stripUndefined(fresh),
      vitals: { ...(previous?.context?.vitals ?? {}), ...fresh.vitals },
      locations: [],
    } as TriageResult['context'];
    if (fresh.ageMonths !== undefined) ctx.infantAgeUnknown = ctx.toddlerAgeUnknown = false;
    // ("breastfeeding my 3 week old", then "my left breast has a red hot wedge, fever 101": the mother writes about
    // herself, and the baby's age the first message gave is not the age of the one who is ill.)
    if (fresh.aboutSelf && fresh.ageMonths === undefined && fresh.ageYears === undefined && previous?.context) {
      delete ctx.ageMonths;
      delete ctx.ageYears;
      ctx.infantAgeUnknown = false;
      ctx.subject = 'self';
    }
    if (input.age !== undefined) {
      ctx.ageYears = input.age;
      ctx.ageMonths ??= input.age * 12;
    }
    if (input.sex) ctx.sex = input.sex;
    if (input.pregnant !== undefined) ctx.pregnant = input.pregnant;

    // One finding per concept: a present mention wins over one that is not (safety first).
    const current = new Map<string, Finding>();
    // A modifier said twice qualifies both of its findings ("the pain is terrible" about one thing, "writhing" about
    // the belly): the one finding kept per concept must not lose the other's binding.
    const alsoQualifies = new Map<string, string[]>();
    for (const m of analysis.mentions) {
      const f = toFinding(m, analysis, rules);
      const before = current.get(m.concept);
      if (before?.present && f.present && f.qualifies && modifiers.has(m.concept)) alsoQualifies.set(m.concept, [...(alsoQualifies.get(m.concept) ?? []), f.qualifies]);
      if (!before || (!before.present && f.present) || (!before.present && !f.present && before.experiencer !== 'patient' && f.experiencer === 'patient')) current.set(m.concept, f);
    }
    // "No, no rash or stiff neck" to "Is there a rash or a stiff neck?": a "no" denies what the question named, even
    // when the reply repeats its words without a negation of their own.
    if (input.answer?.value === 'no' && previous?.openQuestion) {
      const asked = new Set([input.answer.concept, ...language.analyze(previous.openQuestion.text).mentions.map((m) => m.concept)]);
      // "No, the skin sucking in between his ribs": what follows a leading "no" is what is denied, up to a "but".
      const tokens = analysis.tokens;
      if (tokens[0]?.norm === 'no') {
        const end = tokens.find((t, i) => i > 0 && (t.sentence !== tokens[0].sentence || CONTRAST.has(t.norm)));
        for (const m of analysis.mentions) if (m.start < (end?.i ?? Infinity) && m.experiencer === 'patient') asked.add(m.concept);
      }
      for (const [id, f] of current) {
        if (!f.present || !asked.has(id) || f.experiencer !== 'patient') continue;
        current.set(id, {
          ...f, present: false, context: 'negated',
          categories: { ...f.categories, negated: true },
          triggers: [{ category: 'negated', text: `"no" to the question: ${previous.openQuestion.text}`, source: 'careline' }],
        });
      }
    }
    // An answer to the question asked: "yes" makes its concept present, "no" denies it.
    if (input.answer && input.answer.value !== 'unsure' && !current.has(input.answer.concept)) {
      const yes = input.answer.value === 'yes';
      current.set(input.answer.concept, {
        concept: input.answer.concept, name: name(input.answer.concept), kind: kinds(input.answer.concept) ?? 'finding', present: yes,
        text: `${yes ? 'yes' : 'no'}: ${input.text.slice(0, 80)}`, context: yes ? 'current' : 'negated', experiencer: 'patient',
        categories: { negated: !yes, possible: false, hypothetical: false, historical: false, resolved: false, family: false, question: false },
        triggers: [{ category: yes ? 'affirmed' : 'negated', text: `answer to the question about ${name(input.answer.concept)}`, source: 'careline' }], turn: 0,
      });
    }
    // Earlier turns: present findings stay present ("actually it's not that bad" is not new evidence).
    const merged = new Map<string, Finding>();
    for (const f of previous?.findings ?? []) merged.set(f.concept, { ...f, turn: (f.turn ?? 0) + 1 });
    for (const f of current.values()) {
      const before = merged.get(f.concept);
      if (!before || !before.present || f.present) merged.set(f.concept, f);
    }
    // A specific concept entails the general ones ("fever in a baby" is a fever), with the same evidence.
    for (const f of [...merged.values()]) {
      for (const implied of closure(f.concept).slice(1)) {
        const existing = merged.get(implied);
        if (!existing || (!existing.present && f.present)) merged.set(implied, { ...f, concept: implied, name: name(implied), kind: kinds(implied) ?? f.kind });
      }
    }
    const findings = [...merged.values()];
    // A body the person does not have: "a lump the size of a golf ball" in a woman's message is not a testicle,
    // and spotting at 61 or in a man is not bleeding in pregnancy.
    // The organs someone speaks of as theirs say their sex when the message does not ("a lump at my vagina").
    if (!ctx.sex) {
      const partsOf = (f: Finding) => (f.present && f.experiencer === 'patient' ? concept(f.concept)?.body_parts ?? [] : []);
      // The first such organ named decides: a later "golf ball" read as a testicle does not undo "my vagina".
      const first = findings.map(partsOf).find((parts) => parts.some((p) => FEMALE_PARTS.has(p) || MALE_PARTS.has(p)));
      if (first) ctx.sex = first.some((p) => FEMALE_PARTS.has(p)) ? 'female' : 'male';
    }
    const cannotHave = (id: string): boolean => {
      const parts = concept(id)?.body_parts ?? [];
      if (ctx.sex === 'female' && parts.length && parts.every((p) => MALE_PARTS.has(p))) return true;
      if (ctx.sex === 'male' && parts.length && parts.every((p) => FEMALE_PARTS.has(p))) return true;
      const noPregnancy = ctx.sex === 'male' || (ctx.ageYears !== undefined && (ctx.ageYears >= 56 || ctx.ageYears < 10));
      return noPregnancy && (id === 'pregnancy' || id.startsWith('pregnancy_') || closure(id).includes('pregnancy'));
    };
    for (const f of findings) {
      if (f.present && f.experiencer === 'patient' && cannotHave(f.concept)) Object.assign(f, { present: false, text: `${f.text} (not possible for this person)` });
    }
    if (cannotHave('pregnancy')) ctx.pregnant = false;
    const present = new Set(findings.filter((f) => f.present).map((f) => f.concept));
    if (ctx.pregnant) present.add('pregnancy');
    // Facts read from numbers become findings too, with the numbers as their evidence.
    const derive = (id: string, text: string): Finding | undefined => {
      if (present.has(id)) return undefined;
      present.add(id);
      const finding: Finding = {
        concept: id, name: name(id), kind: kinds(id) ?? 'finding', present: true, text, context: 'current', experiencer: 'patient',
        categories: { negated: false, possible: false, hypothetical: false, historical: false, resolved: false, family: false, question: false },
        triggers: [], turn: 0,
      };
      findings.push(finding);
      return finding;
    };
    const denied = (c: string) => findings.some((f) => f.concept === c && f.context === 'negated');
    // A pain score is about the pain: it qualifies whatever hurts (see the modifier binding below).
    // When something that hurts is named, the score is about it: "a back tooth that's killing me, 8 out of 10" is a
    // severe toothache, not severe pain anywhere (a pregnancy rule's severe pain is the tummy's).
    if (ctx.severity !== undefined && ctx.severity >= 7 && !denied('severe_pain')) {
      const hurts = [...new Set(findings.filter((f) => f.present && f.experiencer === 'patient' && !f.qualifies && HURTS.test(f.concept)).map((f) => f.concept))];
      const scored = derive('severe_pain', `pain ${ctx.severity}/10`);
      if (scored && hurts.length) {
        scored.qualifies = hurts[0];
        for (const c of hurts.slice(1)) findings.push({ ...scored, qualifies: c });
      }
    }
    // In pregnancy, bleeding with no other place named, or told in period words ("soaked a pad", "heavy period"), is
    // bleeding from the vagina: "I'm 30 weeks, I've had some bleeding" (NHS Vaginal bleeding in pregnancy). Spotting
    // has rules of its own.
    if (ctx.pregnant && !present.has('vaginal_bleeding') && !present.has('pregnancy_bleeding_light') && !otherBleeds.some((c) => present.has(c))) {
      const told = findings.find((f) => f.present && f.experiencer === 'patient' && periodBleeds.has(f.concept));
      if (told) derive('vaginal_bleeding', told.text);
    }
    // "Nosebleed after blowing his nose, stopped after 10 min": the bleed that was told as over is the bleeding that
    // stopped, however heavily it was described ("blood everywhere, it wouldn't stop").
    const stoppedBleed = findings.find((f) => f.context === 'resolved' && f.experiencer === 'patient' && stoppingBleeds.has(f.concept));
    if (stoppedBleed) derive('bleeding_stopped', stoppedBleed.text);
    const t = ctx.vitals.temperatureC;
    if (t !== undefined && t >= 38) derive('fever', `temperature ${t}C`);
    // "a temp of 37.4" names a normal temperature, not a fever.
    if (t !== undefined && t < 38 && present.has('fever')) {
      present.delete('fever');
      const f = findings.find((x) => x.concept === 'fever');
      if (f) Object.assign(f, { present: false, context: 'negated' as const, text: `${f.text} (${t}C)` });
    }
    if (present.has('pregnancy')) ctx.pregnant = true;
    if (ctx.vitals.glucoseMmol !== undefined && ctx.vitals.glucoseMmol < 4) derive('low_blood_sugar', `blood sugar ${ctx.vitals.glucoseMmol} mmol/L`);
    // A reading of 15 mmol/L or more is a high blood sugar, with vomiting or fast breathing a possible DKA (NHS High
    // blood sugar; JBDS DKA guideline).
    if (ctx.vitals.glucoseMmol !== undefined && ctx.vitals.glucoseMmol >= 15) derive('high_blood_sugar', `blood sugar ${ctx.vitals.glucoseMmol} mmol/L`);
    // An adult's reading of 140/90 or more is a high blood pressure (NICE NG136 counts it from there in clinic): what a
    // question about "152 over 96" is about. (As a finding, not as an abnormal vital sign: one raised reading in someone
    // with a cut does not stop self-care.)
    // (16 and over, as NEWS2 below.)
    const adult = !isChild(ctx);
    const { systolicBp: sbp, diastolicBp: dbp } = ctx.vitals;
    // (Not in a pregnancy or after a birth: a raised pressure there is read as possible pre-eclampsia, by its own rules.)
    if (adult && !ctx.pregnant && !present.has('pregnancy') && !present.has('recently_gave_birth') && (sbp ?? 0) < 180 && ((sbp ?? 0) >= 140 || (dbp ?? 0) >= 90)) derive('high_blood_pressure', `blood pressure ${sbp ?? '?'}/${dbp ?? '?'}`);
    // "maybe 20 tablets over the day": a count of tablets far past any packet dose is treated as an overdose.
    if (ctx.tabletCount !== undefined && ctx.tabletCount >= 12) derive('overdose', `${ctx.tabletCount} tablets`);
    // More than 8 paracetamol tablets (4 g) a day is more than the daily limit (NHS Paracetamol for adults): a
    // staggered overdose that needs treatment whether or not the person feels ill (TOXBASE; NICE CKS Poisoning).
    if (ctx.paracetamolPerDay !== undefined && ctx.paracetamolPerDay > 8) derive('overdose', `${ctx.paracetamolPerDay} paracetamol a day`);
    // A fall from 2 metres (about 6 feet) or more is a dangerous mechanism (NICE NG232 head injury and NG41 spinal
    // injury name falls from over 1 metre or 5 stairs; we ask for twice that before calling it high-energy on its own).
    if (ctx.fallMetres !== undefined && ctx.fallMetres >= 2) derive('high_energy_injury', `a fall of ${ctx.fallMetres} m`);
    // A road collision at speed is a dangerous mechanism (NICE NG232: a high-speed motor vehicle collision; a
    // motorcyclist, cyclist or pedestrian hit is one at any speed and is read as such by the lexicon). 30 mph is where
    // we call it high-speed.
    if (ctx.speedMph !== undefined && ctx.speedMph >= 30 && present.has('road_collision')) derive('high_energy_injury', `a crash at ${ctx.speedMph} mph`);
    // Vital signs outside their range for the age become findings ("HR 124" is a fast heart rate).
    for (const v of vitalFindings(ctx, { hypercapnicRisk: present.has('copd') })) derive(v.concept, v.text);

    // Modifier binding: which findings each present modifier qualifies (with what they imply).
    const qualifies = new Map<string, Set<string> | null>();
    for (const f of findings) {
      if (!f.present || !modifiers.has(f.concept)) continue;
      if (!f.qualifies || (f.turn ?? 0) > 0 || qualifies.get(f.concept) === null) {
        qualifies.set(f.concept, null);
        continue;
      }
      const set = (qualifies.get(f.concept) as Set<string> | undefined) ?? new Set<string>();
      closure(f.qualifies).forEach((c) => set.add(c));
      for (const other of alsoQualifies.get(f.concept) ?? []) closure(other).forEach((c) => set.add(c));
      qualifies.set(f.concept, set);
    }
    // Derived modifiers (a pain score) qualify every finding.
    for (const f of findings) if (f.present && modifiers.has(f.concept) && f.turn === 0 && !f.triggers.length && !f.qualifies) qualifies.set(f.concept, null);
    // Someone else's current emergency is still an emergency for the person writing ("my baby is floppy").
    const others = new Set(analysis.mentions.filter((m) => isOthersCurrent(m, rules)).flatMap((m) => closure(m.concept)));
    // The person's own explanation ("is this anxiety", "probably just a pulled muscle") is a guess: it is read, but it
    // does not withdraw a red flag whose exception it names.
    // (A named condition the person suspects, "I think I've got shingles", is still weighed as before.)
    const guessed = new Set(findings.filter((f) => f.present && f.context === 'possible' && kinds(f.concept) !== 'condition').map((f) => f.concept));
    for (const f of findings) if (f.present && f.context !== 'possible') guessed.delete(f.concept);
    const evidence: RuleEvidence = { present: new Set([...present, ...others]), qualifies, modifiers, guessed };

    const textOf = (id: string) =>
      findings.find((f) => f.concept === id && f.present)?.text ?? analysis.mentions.find((m) => m.concept === id)?.text ?? name(id);
    const redFlags: RedFlag[] = [];
    for (const rule of knowledge.redFlags) {
      if (!ruleMatches(rule, evidence, ctx)) continue;
      const used = usedConcepts(rule, evidence.present);
      const evidenceText = used.map(textOf);
      if (rule.vitals) evidenceText.push(...Object.keys(rule.vitals).map((k) => `${k} ${ctx.vitals[k as keyof typeof ctx.vitals]}`));
      if (rule.ageMonths || rule.ageYears) evidenceText.push(ctx.ageYears !== undefined && ctx.ageYears >= 1 ? `age ${ctx.ageYears} years` : `age ${Math.round((ctx.ageMonths ?? 0) * 10) / 10} months`);
      redFlags.push({ id: rule.id, label: rule.label, level: rule.level, evidence: evidenceText, source: rule.source });
    }

    // NEWS2 is an adult score (16 and over); for children the paediatric rules apply instead.
    if (adult) {
      const news2 = computeNews2(ctx.vitals, present.has('confusion') || present.has('unresponsive'), { scale2: present.has('copd') });
      if (news2) {
        ctx.news2 = news2;
        // A low score of 2-4 from the heart, breathing, oxygen or blood pressure ("cough, HR 124") is for a clinician
        // to assess today (RCP: prompt assessment at a low score); a temperature alone is not (an adult's fever is
        // usually looked after at home), nor is a reading from someone who says they feel well ("115 after I ran for
        // the bus, feel fine now").
        const level: Level | null =
          news2.band === 'high' ? 'emergency_ambulance' : news2.band === 'medium' || news2.band === 'low-medium' ? 'emergency' : news2.score - news2.temperaturePoints >= 2 && !present.has('feels_well') ? 'consultation_24' : null;
        if (level) {
          redFlags.push({
            id: `news2_${news2.band.replace('-', '_')}`,
            label: `NEWS2 ${news2.score} (${news2.band}${news2.partial ? ', from the signs given' : ''})`,
            level,
            evidence: news2.parameters,
            source: { name: 'Royal College of Physicians - National Early Warning Score (NEWS) 2', url: 'https://www.rcp.ac.uk/improving-care/resources/national-early-warning-score-news-2/' },
          });
        }
      }
    }
    // NICE NG51: suspected infection with sepsis risk criteria.
    const sepsis = sepsisScreen(evidence.present, ctx);
    if (sepsis) {
      redFlags.push({
        id: `sepsis_screen_${sepsis.level}`,
        label: `Possible sepsis: ${[...sepsis.high, ...sepsis.moderate].join(', ')}`,
        level: sepsis.level,
        evidence: [...sepsis.high, ...sepsis.moderate],
        source: { name: 'NICE NG51 - Suspected sepsis: recognition, diagnosis and early management', url: 'https://www.nice.org.uk/guidance/ng51' },
      });
    }
    redFlags.sort((a, b) => levelRank(b.level) - levelRank(a.level));
    // Where in the body, from the lexicon's body parts of what is present ("chest", "left arm" stays "arm").
    ctx.locations = [...new Set([...present].flatMap((c) => concept(c)?.body_parts ?? []))];

    const symptoms = [...present].filter((c) => kinds(c) !== 'modifier' && kinds(c) !== 'risk_factor' && kinds(c) !== 'condition' && !background.has(c));
    const namedConditions = [...present].filter((c) => kinds(c) === 'condition' && !background.has(c));

    // Reasoning over conditions: which could this be, and how urgent is each?
    const deniedSet = new Set(findings.filter((f) => f.experiencer === 'patient' && (f.context === 'negated' || f.context === 'resolved') && !f.present).map((f) => f.concept));
    const wordsFor = (id: string) => findings.find((f) => f.concept === id && f.present)?.text ?? name(id);
    const history = new Set(findings.filter((f) => f.experiencer === 'patient' && f.context === 'past').flatMap((f) => closure(f.concept)));
    const conditionEvidence = { present, denied: deniedSet, history, symptoms: new Set(symptoms), ctx, words: wordsFor, kind: kinds };
    // By the numbers first; the words that explain a score only for the scores shown (the first ten, the possible
    // causes, the one that sets the level) and those the next question is chosen among.
    const scores = engine.scoreAll(conditionEvidence, { explain: false });
    // A rule's exception names a condition; told by its features ("spots in his mouth, on his palms and soles") it
    // is the same exception. Never for an emergency: reasoning does not withdraw an emergency red flag.
    const likely = new Set(scores.filter((c) => c.passes && c.probability >= engine.params.exceptionLikelihood).map((c) => c.id));
    if (likely.size) {
      for (let i = redFlags.length - 1; i >= 0; i--) {
        const rule = rulesById.get(redFlags[i].id);
        if (rule?.none?.some((c) => likely.has(c)) && levelRank(redFlags[i].level) < levelRank('emergency')) redFlags.splice(i, 1);
      }
    }
    const knownChronic = new Set(findings.filter((f) => f.present && f.experiencer === 'patient' && concept(f.concept)?.chronic).map((f) => f.concept));
    const byConditions = conditionsLevel(scores, knownChronic);
    const possible = scores.filter((c) => c.passes || c.probability >= 0.02).slice(0, 5);
    const candidates = candidateConditions(scores);
    engine.explain([...scores.slice(0, 10), ...possible, ...(byConditions.because ? [byConditions.because] : []), ...candidates], conditionEvidence);

    // The self-care pattern that the given findings fit, if any (every finding one of its anchors or concepts).
    // (In pregnancy the patterns written for pregnancy are tried first: "8 weeks pregnant and sick in the mornings" is
    // morning sickness, which pregnancy does not block, not a stomach upset, which it does.)
    const patterns = ctx.pregnant ? pregnancyFirst : knowledge.triage.selfCare;
    const selfCareFit = (told: string[], has: Set<string>) =>
      patterns.find(
        (p) => p.anchors.some((c) => has.has(c)) && told.every((c) => p.anchors.includes(c) || p.concepts.includes(c)) &&
          (p.maxDurationDays === undefined || ctx.durationDays === undefined || ctx.durationDays <= p.maxDurationDays) &&
          (p.minAgeMonths === undefined || (ctx.ageMonths !== undefined ? ctx.ageMonths >= p.minAgeMonths : (!ctx.infantAgeUnknown || p.minAgeMonths <= 1) && (!ctx.toddlerAgeUnknown || p.minAgeMonths <= 12))) &&
          // A pattern for children fits a child whose age is not given, never an adult; an upper age for older
          // adults (65) does not stop an adult whose age is not given.
          (p.maxAgeMonths === undefined || (ctx.ageMonths !== undefined ? ctx.ageMonths <= p.maxAgeMonths : p.maxAgeMonths >= 600 ? !ctx.infantAgeUnknown : p.maxAgeMonths >= 180 && isChild(ctx))) &&
          (p.sex === undefined || ctx.sex === p.sex) &&
          (!p.inPregnancy || Boolean(ctx.pregnant)),
      );
    let base: Level;
    let reason: string;
    // Denials alone do not make a message safe: it may describe something the lexicon does not know.
    if (!symptoms.length && !namedConditions.length) {
      // Someone who says they feel well and reports nothing we could not read is asking for advice; an unknown
      // medical word may be the symptom itself, so it still goes to a clinician.
      // Attacks that have passed ("three times this month ... it's gone now and I feel fine between attacks") are still
      // for a clinician to hear about.
      const passedConcepts = [...new Set(findings.filter((f) => f.context === 'resolved' && f.experiencer === 'patient' && kinds(f.concept) !== 'modifier').map((f) => f.concept))];
      const passed = passedConcepts.length > 0;
      const saysWell =
        present.has('feels_well') && !passed && !analysis.unknownMedicalWords.length && !analysis.tokens.some((t) => exposureWords.has(t.norm));
      // A minor problem that has already passed ("heartburn after a spicy meal, gone with an antacid") is still the
      // minor problem: it fits its self-care pattern as it would have while it lasted, with the same blockers.
      const passedFit = passed && !analysis.unknownMedicalWords.length ? selfCareFit(passedConcepts, new Set(passedConcepts)) : undefined;
      const passedBlocker = passedFit ? selfCareBlocker(new Set([...present, ...passedConcepts]), ctx, analysis.unknownMedicalWords, knowledge.triage.selfCareBlockers) : null;
      const passedMinor = passedFit !== undefined && passedBlocker === null;
      // Readings given and all in the normal range, with nothing else told ("my cuff said 148/92 ... sat for 10 minutes
      // and it was 124/78"): a question about a number, answered by the number.
      // (Only a message that is about the reading, retaken or asked about: a clinician's note with normal signs and a
      // problem the vocabulary missed still goes to a clinician.)
      const normalReadings =
        Object.keys(ctx.vitals).some((k) => typeof ctx.vitals[k as keyof typeof ctx.vitals] === 'number') &&
        !abnormalVitals(ctx, { hypercapnicRisk: present.has('copd') }) && !passed && !analysis.unknownMedicalWords.length &&
        (RETAKE.test(analysis.text.toLowerCase()) || ASKS_ABOUT_A_READING.test(analysis.text));
      base = analysis.informational || saysWell || passedMinor || normalReadings ? 'self_care' : 'consultation';
      reason = analysis.informational
        ? 'a question about a topic, with no symptoms reported'
        : saysWell
          ? 'no symptoms reported, and says they feel well'
          : normalReadings
            ? 'no symptoms reported, and the readings given are in the normal range'
            : passedMinor
              ? `has passed, and fits the self-care pattern "${passedFit!.label}"`
              : 'no symptoms recognised; a clinician should look at it';
    } else {
      // A condition the person names that needs more than self-care ("I can't pass urine" read as acute urinary
      // retention) is not a minor problem whatever else fits.
      const namedUrgent = namedConditions.some((c) => {
        const urgency = conditionUrgency.get(c);
        return urgency !== undefined && levelRank(urgency) > levelRank('self_care') && !knownChronic.has(c);
      });
      // The person's own fright beside other symptoms ("... cold sore, I've got a wedding on Saturday and I'm panicking")
      // is not a symptom a pattern has to hold or a cause has to explain.
      const toExplain = symptoms.filter((c) => !(symptoms.length > 1 && reactions.has(c)));
      const fit = namedUrgent ? undefined : selfCareFit(toExplain, present);
      // Or a condition that is right for self-care explains everything reported and nothing more urgent is likely.
      // A self-care condition that explains every one of the findings told (and any condition named).
      const explainsEach = (told: string[]) => (c: ConditionScore) => c.urgency === 'self_care' && told.length > 0 && c.explains >= told.length + namedConditions.length;
      const explainsAll = explainsEach(toExplain);
      // Of the two likeliest, a self-care condition that explains everything (sinusitis after "a cold" the cold itself
      // does not explain) leads when it is likely enough.
      const leading = scores.slice(0, 2).find((s) => explainsAll(s) && s.probability >= engine.params.benignLead);
      // A self-care cause likely enough to pass its own threshold need not explain what any minor illness brings with
      // it (triage.yaml incidentalToMinor), when it explains all the rest.
      const core = toExplain.filter((c) => !incidental.has(c));
      const explainsCore = core.length < toExplain.length ? explainsEach(core) : () => false;
      const benign = scores.find((c) => c.passes && (explainsAll(c) || explainsCore(c))) ?? leading;
      const urgentToo = scores.some((c) => c.passes && levelRank(c.urgency) > levelRank('self_care'));
      base = fit || (benign && !urgentToo) ? 'self_care' : 'consultation';
      reason = fit ? `fits the self-care pattern "${fit.label}"` : benign && !urgentToo ? `could be ${benign.layName}, which can usually be looked after at home` : 'symptoms that do not fit a self-care pattern';
      // No silent self-care: severity, abnormal vital signs or a high-risk context need a clinician to look.
      if (base === 'self_care') {
        // A pattern written for pregnancy is not blocked by the pregnancy itself.
        const blocker = selfCareBlocker(fit?.inPregnancy ? new Set([...present].filter((c) => c !== 'pregnancy')) : present, ctx, analysis.unknownMedicalWords, knowledge.triage.selfCareBlockers);
        if (blocker) {
          base = 'consultation';
          reason = `not for self-care: ${blocker}`;
        }
      }
    }
    // Attacks that came and went are not happening now, but their cause still needs a clinician.
    if (base === 'self_care' && analysis.mentions.some((m) => m.context.triggers.some((t) => t.text === PASSED_EPISODE))) {
      base = 'consultation';
      reason = 'attacks that came and went: a clinician should look for the cause';
    }
    let level = redFlags.reduce<Level>((l, f) => maxLevel(l, f.level), base);
    if (redFlags.length) reason = `red flag: ${redFlags[0].label}`;
    if (byConditions.level && levelRank(byConditions.level) > levelRank(level)) {
      level = byConditions.level;
      const c = byConditions.because!;
      reason = `could be ${c.layName}: ${c.evidenceFor.slice(0, 4).join(', ')}`;
    }
    // An emergency level never drops without new evidence; lower levels are recomputed from all findings so a
    // detail given later (the baby's age) can settle a question.
    if (previous?.level && isEmergent(previous.level) && levelRank(previous.level) > levelRank(level)) {
      level = previous.level;
      reason = `kept from earlier in the conversation (${previous.level})`;
    }

    // Asking instead of guessing: the question whose answer could change the level most (not in an emergency,
    // at most MAX_QUESTIONS per conversation, never the same concept twice).
    const asked = new Set([...(previous?.asked ?? []), ...(input.answer ? [input.answer.concept] : [])]);
    const questionsSoFar = previous?.questions ?? 0;
    let nextQuestion: NextQuestion | null = null;
    // A bare complaint ("my leg hurts": one finding, a few words, no time, no qualifier) is a start, not a story: as a
    // nurse would, ask the person to describe it before asking about the rarest dangers it could mean.
    const bare =
      !previous?.asked?.length &&
      symptoms.length + namedConditions.length === 1 &&
      analysis.tokens.length <= 8 &&
      ctx.durationDays === undefined &&
      ![...present].some((c) => modifiers.has(c));
    const describe: NextQuestion = {
      id: 'q_describe',
      concept: 'describe',
      text: 'Can you tell me more about what is happening: the main symptoms, and when they started?',
      answers: [],
      why: 'no symptoms recognised yet',
    };
    if (bare && !isEmergent(level) && questionsSoFar < MAX_QUESTIONS && !asked.has('describe')) {
      nextQuestion = { ...describe, text: 'Can you tell me more about it: when it started, what it looks or feels like, and anything else you have noticed?', why: 'one symptom so far, with nothing about when or how' };
    } else if (ctx.infantAgeUnknown && !isEmergent(level) && questionsSoFar < MAX_QUESTIONS && !asked.has('age') && (symptoms.length || namedConditions.length)) {
      // A baby of unknown age: a fever, a cough or a rash means something else at 6 weeks than at 8 months (NICE
      // NG143 by age), and most self-care advice starts at 3 months, so the age comes before the other questions.
      nextQuestion = { id: 'q_age', concept: 'age', text: 'How old is the baby, in weeks or months?', answers: [], why: 'a baby whose age is not given' };
    } else if (!isEmergent(level) && questionsSoFar < MAX_QUESTIONS && (symptoms.length || namedConditions.length)) {
      // The red-flag floor with one more finding (or denial): what a question about a rule's missing finding could do.
      const floor = (change?: { concept: string; answer: 'yes' | 'no' }) => {
        let l = redFlags.reduce<Level>((x, f) => maxLevel(x, f.level), base);
        if (!change || change.answer === 'no') return l;
        const added = closure(change.concept);
        const plus: RuleEvidence = { ...evidence, present: new Set([...evidence.present, ...added]), qualifies: new Map([...qualifies, [change.concept, null]]) };
        for (const id of added) for (const rule of rulesUsing.get(id) ?? []) if (levelRank(rule.level) > levelRank(l) && ruleMatches(rule, plus, ctx)) l = rule.level;
        return l;
      };
      // Rules begun by what was reported ("headache" begins "sudden severe headache"): their missing findings.
      const ruleCandidates = new Set<string>();
      for (const rule of knowledge.redFlags) {
        const concepts = ruleConcepts(rule);
        if (!concepts.some((c) => present.has(c) && !modifiers.has(c)) || ruleMatches(rule, evidence, ctx)) continue;
        for (const c of concepts) if (!present.has(c) && questionBank.has(c)) ruleCandidates.add(c);
      }
      nextQuestion = ageOrDuration(candidates, level, ctx, asked) ?? chooseQuestion({
        // (the open question for a message with no recognised finding is below)
        ruleCandidates: [...ruleCandidates],
        followUps: knowledge.triage.followUps.filter((f) => present.has(f.when)).flatMap((f) => f.ask.map((q) => q.concept)).filter((c) => !present.has(c) && questionBank.has(c)),
        engine,
        conditions: knowledge.conditions,
        scores,
        evidence: { present, denied: deniedSet, history, symptoms: new Set(symptoms), ctx, words: wordsFor, kind: kinds },
        floor,
        current: level,
        asked,
        bank: questionBank,
        text: autoQuestion,
        askable: (concept) => seenIn(concept, ctx),
      });
    }

    // Nothing recognised, nothing asked yet: ask the person to describe it, as a nurse would.
    if (!nextQuestion && !isEmergent(level) && !symptoms.length && !namedConditions.length && !analysis.informational && questionsSoFar < MAX_QUESTIONS && !asked.has('describe')) {
      nextQuestion = describe;
    }

    const known = new Set(findings.map((f) => f.concept));
    const followUpQuestions: string[] = nextQuestion ? [nextQuestion.text] : [];
    if (!isEmergent(level)) {
      if (ctx.infantAgeUnknown && present.has('fever')) followUpQuestions.push('How old is the baby, in weeks or months?');
      for (const f of knowledge.triage.followUps) {
        if (!present.has(f.when)) continue;
        for (const q of f.ask) {
          if (followUpQuestions.length >= 2) break;
          if (!known.has(q.concept) && !present.has(q.concept) && !followUpQuestions.includes(q.question)) followUpQuestions.push(q.question);
        }
      }
    }

    // What would make it more urgent: the missing findings of the rules above this level that what was told began.
    const moreUrgentIf: string[] = [];
    for (const rule of knowledge.redFlags) {
      if (levelRank(rule.level) <= levelRank(level) || moreUrgentIf.length >= 4) continue;
      const concepts = ruleConcepts(rule);
      if (!concepts.some((c) => present.has(c) && !modifiers.has(c)) || (rule.child !== undefined && rule.child !== isChild(ctx))) continue;
      const missing = [...rule.all.filter((c) => !present.has(c)), ...(rule.any.some((c) => present.has(c)) ? [] : rule.any.slice(0, 2))];
      for (const c of missing) {
        const n = name(c);
        if (!denied(c) && !moreUrgentIf.includes(n) && moreUrgentIf.length < 4) moreUrgentIf.push(n);
      }
    }
    const summary: TriageSummary = {
      told: findings
        .filter((f) => f.experiencer === 'patient' && (f.present || f.context === 'negated') && !modifiers.has(f.concept))
        .map((f) => (f.present ? f.name : `no ${f.name}`))
        .filter((x, i, all) => all.indexOf(x) === i),
      level,
      label: knowledge.triage.levels[level]!.label,
      reason,
      causes: possible.slice(0, 3).map((c) => ({ name: c.layName, articleId: c.articleId, likelihood: c.likelihood })),
      now: advice(level),
      moreUrgentIf,
    };

    return {
      summary,
      level,
      label: knowledge.triage.levels[level]!.label,
      emergency: isEmergent(level),
      redFlags,
      findings,
      followUpQuestions: [...new Set(followUpQuestions)].slice(0, 2),
      advice: advice(level),
      informational: analysis.informational && !symptoms.length,
      context: ctx,
      reason,
      conditions: possible.map((c) => ({ id: c.id, name: c.name, layName: c.layName, likelihood: c.likelihood, urgency: c.urgency, articleId: c.articleId, evidenceFor: c.evidenceFor, evidenceAgainst: c.evidenceAgainst, aka: akaOf.get(c.id) ?? [] })),
      scores: scores.slice(0, 10),
      nextQuestion,
      state: { asked: [...asked, ...(nextQuestion ? [nextQuestion.concept] : [])], questions: questionsSoFar + (nextQuestion ? 1 : 0) },
    };
  }

  return { assess, language };
}

/**
 * The words of what the conversation reported before, latest first: what a pronoun in the next message may point
 * back to ("it's bright green" after "he has been sick"). Pass them to `language.analyze` with the message.
 */
export function antecedentsOf(previous?: TriageState | null): string[] {
  const findings = (previous?.findings ?? []).filter((f) => f.present && f.experiencer !== 'other');
  return [
    ...[...findings].sort((a, b) => (b.turn ?? 0) - (a.turn ?? 0)).flatMap((f) => f.text.toLowerCase().split(/[^a-z]+/).filter(Boolean).reverse()),
    // A pregnancy told in an earlier message ("36 weeks with my second", then "baby has been quiet today") is what a
    // sense guard that asks for one finds.
    ...(previous?.context?.pregnant ? ['pregnant'] : []),
  ];
}

const MALE_PARTS = new Set(['testicle', 'testicles', 'scrotum', 'penis', 'prostate']);
const FEMALE_PARTS = new Set(['vagina', 'vulva', 'womb', 'uterus', 'ovary', 'ovaries', 'cervix']);

/**
 * Why a picture that would otherwise be self-care needs a clinician to look: severity, abnormal vital signs, a
 * high-risk context (`highRisk`, triage.yaml `selfCareBlockers`), age or unread medical words; null when nothing.
 */
function selfCareBlocker(present: Set<string>, ctx: PatientContext, unknownWords: string[], highRisk: string[]): string | null {
  if (present.has('severe_pain')) return 'severe pain';
  if (present.has('worsening')) return 'getting worse or spreading';
  if (abnormalVitals(ctx, { hypercapnicRisk: present.has('copd') }) || VITAL_SIGN_CONCEPTS.some((c) => present.has(c))) return 'vital signs outside the normal range';
  const risk = highRisk.find((r) => present.has(r));
  if (risk) return risk.replace(/_/g, ' ');
  if (ctx.ageMonths !== undefined && ctx.ageMonths < 3) return 'a baby under 3 months';
  if (ctx.ageYears !== undefined && ctx.ageYears >= 85) return 'age over 85';
  // NICE CG161: an older person who seeks help after a fall is offered a falls assessment.
  if (present.has('injury_fall') && ctx.ageYears !== undefined && ctx.ageYears >= 65) return 'a fall at 65 or over';
  if (unknownWords.length) return `words the library does not know (${unknownWords.slice(0, 3).join(', ')})`;
  return null;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A reading asked about ("is that ok", "should I worry", "I panicked"); one taken again is `RETAKE`'s. */
const ASKS_ABOUT_A_READING = /\b(?:is (?:that|this|it) (?:ok|okay|normal|high|low|bad|dangerous|too high|too low|a problem|worrying|something to worry about)|should i (?:worry|be worried)|worry about (?:it|that|the first one|this)|panicked|terrified|freaked out)\b/i;

/** What to remember for the next turn. */
export function toState(result: TriageResult): TriageState {
  const { news2: _news2, locations: _locations, ...context } = result.context;
  return {
    findings: result.findings,
    level: result.level,
    context,
    asked: result.state.asked,
    questions: result.state.questions,
    openQuestion: result.nextQuestion ? { concept: result.nextQuestion.concept, text: result.nextQuestion.text } : null,
  };
}

/** The triage result as the public API shows it: without the internal scores and question state. */
export function publicTriageResult(t: TriageResult) {
  const { scores: _scores, state: _state, ...rest } = t;
  return rest;
}
