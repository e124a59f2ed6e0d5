import { z } from 'zod';

/** The sections every patient article has, in this order. */
export const PATIENT_SECTIONS = [
  'What it is',
  'Common symptoms',
  'Self-care',
  'When to get an appointment',
  'When to get urgent help',
] as const;
/**
 * Every section a patient article may have, in the order they must appear: the five required ones and, where
 * they apply, the sections that answer questions about causes, risk, tests, treatment, prevention, outlook and
 * complications (and, for a medicine, its side effects and who should not use it).
 */
export const PATIENT_SECTION_ORDER = [
  'What it is',
  'Common symptoms',
  'Causes',
  'Who is at risk',
  'Tests and diagnosis',
  'Treatment',
  'Side effects',
  'Who should not use it',
  'Self-care',
  'Prevention',
  'Complications',
  'Outlook',
  'When to get an appointment',
  'When to get urgent help',
] as const;
export const NURSE_SECTIONS = ['Assessment', 'Red flags', 'Actions', 'Escalation'] as const;

export const LEVELS = ['self_care', 'consultation', 'consultation_24', 'emergency', 'emergency_ambulance'] as const;
export type Level = (typeof LEVELS)[number];
export const levelSchema = z.enum(LEVELS);

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

export const sourceSchema = z.object({
  name: z.string().min(3),
  // Only web links: a source is opened by people, and a `javascript:` or `file:` link must never reach a page.
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http(s) link' }).optional(),
});

export const articleFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(2),
  audience: z.enum(['patient', 'nurse']),
  summary: z.string().min(10),
  synonyms: z.array(z.string().min(2)).default([]),
  concepts: z.array(z.string()).default([]),
  sources: z.array(sourceSchema).min(1, 'at least one source is required'),
  last_reviewed: isoDate,
});
export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

/**
 * A sense guard: the words around a match that decide whether it means this concept. "fit" is a seizure in
 * "had a fit", not in "fit and healthy"; "floppy" is an emergency for a baby, not for "my foot is floppy".
 */
export const senseGuardSchema = z
  .object({
    /** Which of the concept's phrases the guard applies to; empty: all of them. */
    phrases: z.array(z.string().min(1)).default([]),
    /** Any of these phrases within `window` words before or after the match cancels it. */
    forbid: z.array(z.string().min(1)).default([]),
    /** At least one of these phrases must be within `window` words (when given). */
    require: z.array(z.string().min(1)).default([]),
    window: z.number().int().min(1).max(12).default(4),
    /** Only when the message is about a child under 16 (`child`), a baby under 2 (`infant`), or an adult. */
    who: z.enum(['child', 'infant', 'adult']).optional(),
    /** `require` is also met by its words anywhere earlier in the message or conversation, not only within `window`. */
    requireInMessage: z.boolean().optional(),
    /** A concept to read instead when the guard fails ("floppy" foot -> limb weakness); else the match is dropped. */
    otherwise: z.string().optional(),
    /** Why the guard exists, for the reviewer. */
    reason: z.string().min(5),
  })
  .strict();
export type SenseGuard = z.infer<typeof senseGuardSchema>;

export const conceptSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'must be snake_case'),
  name: z.string().min(2),
  kind: z.enum(['symptom', 'sign', 'condition', 'event', 'risk_factor', 'modifier', 'finding']),
  lay: z.array(z.string().min(2)).default([]),
  misspellings: z.array(z.string().min(2)).default([]),
  body_parts: z.array(z.string()).default([]),
  articles: z.array(z.string()).default([]),
  /** Concepts this one entails: "fever in a baby" is also a fever, so fever rules see it. */
  implies: z.array(z.string()).default([]),
  guards: z.array(senseGuardSchema).default([]),
  /** A long-term condition: "history of asthma" still means the person has asthma (a risk factor now). */
  chronic: z.boolean().optional(),
  /** A word that denies another concept ("afebrile" is no fever): a match reads as that concept, negated. */
  negates: z.string().optional(),
  /**
   * A normal function whose denial is a finding: "hasn't let off any wind" (passing wind, denied) is the finding
   * "cannot pass wind"; "I haven't felt the baby move" is reduced movements.
   */
  denied_means: z.string().optional(),
  /**
   * Who the sign is seen in at all: a baby's cry or soft spot, a child's grunting. The triage never asks about it for
   * someone known not to be one (the person writing about themselves, or an age given).
   */
  seen_in: z.enum(['infant', 'child']).optional(),
})
  // Strict: in a one-line YAML mapping an unquoted comma ("name: hot, swollen skin") silently splits a value
  // into extra keys; rejecting unknown keys turns that into an error naming the entry.
  .strict();
export type Concept = z.infer<typeof conceptSchema>;

/**
 * More words for a concept defined in another lexicon file: `extend: <concept id>` with lay phrases,
 * misspellings and sense guards, so a vocabulary file (abbreviations, a region's words) can grow concepts without
 * editing the file that defines them.
 */
export const conceptExtensionSchema = z
  .object({
    extend: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/),
    lay: z.array(z.string().min(2)).default([]),
    misspellings: z.array(z.string().min(2)).default([]),
    guards: z.array(senseGuardSchema).default([]),
    implies: z.array(z.string()).default([]),
    chronic: z.boolean().optional(),
  })
  .strict();
export type ConceptExtension = z.infer<typeof conceptExtensionSchema>;
export const lexiconFileSchema = z.array(z.union([conceptExtensionSchema, conceptSchema]));

// Strict: a misspelt bound ("max" for "lte") would otherwise be dropped and the range would hold for everyone.
const range = z
  .object({ gte: z.number().optional(), lte: z.number().optional(), gt: z.number().optional(), lt: z.number().optional() })
  .strict()
  .refine((r) => Object.keys(r).length > 0, 'a range needs at least one of gte, lte, gt, lt');

export const redFlagRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/),
  label: z.string().min(3),
  level: levelSchema,
  /** Every one of these concepts must be present. */
  all: z.array(z.string()).default([]),
  /** At least `minAny` (default 1) of these must be present, when the list is given. */
  any: z.array(z.string()).default([]),
  minAny: z.number().int().min(1).default(1),
  /** Each group needs at least one present concept: "a fever AND one of these signs". */
  groups: z.array(z.array(z.string()).min(1)).default([]),
  /** None of these may be present (used to hand a case to a more specific rule). */
  none: z.array(z.string()).default([]),
  /** Only for a child under 16 (by age, or by who the message is about). */
  child: z.boolean().optional(),
  /** Only when the message speaks of a baby whose age was not given (the triage then asks it). */
  infantAgeUnknown: z.boolean().optional(),
  /** Does not apply when the symptoms are known to have lasted longer than this (days). */
  unlessDurationOverDays: z.number().optional(),
  ageYears: range.optional(),
  /** Does not apply early in a pregnancy known to be under this many weeks (pre-eclampsia is after 20). */
  unlessGestationUnderWeeks: z.number().optional(),
  /** Does not apply later in a pregnancy known to be over this many weeks (an ectopic pregnancy is an early one). */
  unlessGestationOverWeeks: z.number().optional(),
  /** Only in a pregnancy known to be within this range of weeks (labour before 37 weeks is premature). */
  gestationWeeks: range.optional(),
  ageMonths: range.optional(),
  pregnant: z.boolean().optional(),
  /** Only for this sex when the sex is known (an ectopic pregnancy is not a man's shoulder-tip pain). */
  sex: z.enum(['female', 'male']).optional(),
  /** Vital-sign thresholds, each compared with the value given in the message. */
  vitals: z
    .object({
      temperatureC: range.optional(),
      pulse: range.optional(),
      respiratoryRate: range.optional(),
      spo2: range.optional(),
      systolicBp: range.optional(),
      diastolicBp: range.optional(),
      glucoseMmol: range.optional(),
      potassiumMmol: range.optional(),
      ketonesMmol: range.optional(),
      inr: range.optional(),
      /** Peak flow as a percentage of the person's best or predicted. */
      peakFlowPercent: range.optional(),
      armBpDifference: range.optional(),
      /** Pulse divided by systolic blood pressure: 1 or more (a pulse faster than the top number) is a sign of shock. */
      shockIndex: range.optional(),
    })
    .strict()
    .optional(),
  durationDays: range.optional(),
  severity: range.optional(),
  source: sourceSchema,
  examples: z.array(z.string()).default([]),
})
  // Strict: a misspelt or unknown key (an exception the code does not read) would otherwise be dropped silently and
  // the rule would hold more widely than written.
  .strict();
export type RedFlagRule = z.infer<typeof redFlagRuleSchema>;
export const redFlagFileSchema = z.array(redFlagRuleSchema);

export const selfCarePatternSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The picture fits when one of these is present ... */
  anchors: z.array(z.string()).min(1),
  /** ... and every present symptom is an anchor or in this list. */
  concepts: z.array(z.string()).default([]),
  maxDurationDays: z.number().optional(),
  minAgeMonths: z.number().optional(),
  maxAgeMonths: z.number().optional(),
  sex: z.enum(['female', 'male']).optional(),
  /** Written for pregnancy: fits only a pregnant person, and pregnancy does not block it (morning sickness). */
  inPregnancy: z.boolean().optional(),
  source: sourceSchema,
}).strict();
export type SelfCarePattern = z.infer<typeof selfCarePatternSchema>;

export const followUpSchema = z.object({
  /** When this concept is present ... */
  when: z.string(),
  /** ... and this discriminator is neither present nor denied, ask. */
  ask: z.array(z.object({ concept: z.string(), question: z.string().min(5) })).min(1),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const triageDataSchema = z.object({
  levels: z.record(levelSchema, z.object({ label: z.string(), advice: z.string() })),
  selfCare: z.array(selfCarePatternSchema),
  followUps: z.array(followUpSchema),
  compositions: z.array(z.object({ words: z.array(z.string()).min(1), sites: z.record(z.string(), z.string()), notAfter: z.array(z.string()).optional(), ownedOnly: z.array(z.string()).optional(), forwardOnly: z.boolean().optional(), injury: z.boolean().optional(), replaces: z.boolean().optional(), next: z.array(z.string()).optional() }).strict()).default([]),
  background: z.array(z.string()).default([]),
  alwaysCurrent: z.array(z.string()).default([]),
  recentHistory: z.array(z.string()).default([]),
  resolvedStillCounts: z.array(z.string()).default([]),
  exposureWords: z.array(z.string()).default([]),
  writerReactions: z.array(z.string()).default([]),
  incidentalToMinor: z.array(z.string()).default([]),
  selfCareBlockers: z.array(z.string()).default([]),
  /** Bleeds whose being over ("stopped", "settled") is the bleeding that stopped. */
  stoppingBleeds: z.array(z.string()).default([]),
  /** Bleeding told without a place, or in period words, which in pregnancy is bleeding from the vagina. */
  periodBleeds: z.array(z.string()).default([]),
  /** Bleeding from somewhere else, which keeps "bleeding" in pregnancy from being read as vaginal. */
  otherBleeds: z.array(z.string()).default([]),
});

export const scopeSchema = z.object({
  declines: z.array(
    z.object({
      id: z.string(),
      any: z.array(z.string()).default([]),
      all: z.array(z.string()).default([]),
      unlessConcepts: z.array(z.string()).default([]),
      reply: z.string().min(10),
      nurseReply: z.string().optional(),
    }),
  ),
  neverDeclineWith: z.array(z.string()).default([]),
});
export type ScopeData = z.infer<typeof scopeSchema>;

const importSection = z
  .object({
    /** Term ids mapped onto a curated concept id ("HP_0002094": shortness_of_breath). */
    map: z.record(z.string(), z.string()).default({}),
    /** Term ids left out. */
    exclude: z.array(z.string()).default([]),
    /** Regular expressions on the term's label: matching terms are left out (morphology, lab values ...). */
    excludePatterns: z.array(z.string()).default([]),
    /** When given, a term is kept only if one of its names matches one of these (words a patient would use). */
    requirePatterns: z.array(z.string()).default([]),
  })
  .strict();

/** knowledge/vocabulary/vocabulary.yaml: how the public vocabularies join the curated lexicon. */
export const vocabularyConfigSchema = z
  .object({
    hpo: importSection,
    symp: importSection,
    /** Names never used as a phrase on their own: everyday words that would match too much. */
    stopPhrases: z.array(z.string()).default([]),
  })
  .strict();
export type VocabularyConfig = z.infer<typeof vocabularyConfigSchema>;

/** How strongly a finding's presence points to a condition (a likelihood ratio band, see server/triage/conditions). */
export const FEATURE_POINTS = ['strong', 'moderate', 'weak', 'against'] as const;
/** How often a person with the condition has the finding (drives what its absence says, and which question to ask). */
export const FEATURE_SEEN = ['usually', 'often', 'sometimes'] as const;

const featureSchema = z
  .object({
    concept: z.string(),
    points: z.enum(FEATURE_POINTS).default('moderate'),
    seen: z.enum(FEATURE_SEEN).default('often'),
  })
  .strict();

const vitalRange = z.object({ gte: z.number().optional(), lte: z.number().optional(), gt: z.number().optional(), lt: z.number().optional() }).strict();

/**
 * A condition the reasoning engine weighs (knowledge/conditions/*.yaml): what it is, who gets it, what points to
 * it and against it, how urgent it is and what makes it more urgent, with its sources and review date.
 */
export const conditionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'must be snake_case'),
    name: z.string().min(2),
    /** What a patient would call it ("a blood clot in the lungs"). */
    lay_name: z.string().min(2),
    /** Other names people and clinicians write (abbreviations too); they join the vocabulary. */
    names: z.array(z.string().min(2)).default([]),
    /** The patient article that explains it. */
    article: z.string(),
    /** The level it needs when it is likely. */
    urgency: levelSchema,
    /** How much harm a miss can do: sets how likely it must be before its urgency applies. */
    danger: z.enum(['life_threatening', 'serious', 'moderate', 'minor']),
    /** How common it is among people contacting a clinic or triage line (the prior). */
    prevalence: z.enum(['very_common', 'common', 'uncommon', 'rare']),
    /** Typical ages in years; outside them the prior is much lower. */
    age: z.object({ min: z.number().min(0).optional(), max: z.number().max(130).optional() }).strict().optional(),
    /** Only one sex has it. */
    sex: z.enum(['female', 'male']).optional(),
    /** `only`: a condition of pregnancy; `never`: not in pregnancy. */
    pregnancy: z.enum(['only', 'never']).optional(),
    /** The weeks of pregnancy it can happen in (an ectopic pregnancy is early, an abruption late): outside them, when
     *  the weeks are known, it is not possible. */
    gestationWeeks: z.object({ min: z.number().min(0).optional(), max: z.number().max(45).optional() }).strict().optional(),
    /** How it usually starts. */
    onset: z.array(z.enum(['sudden', 'hours', 'days', 'weeks', 'months'])).default([]),
    /** How long it usually lasts before care is sought, in days. */
    duration: z.object({ minDays: z.number().min(0).optional(), maxDays: z.number().min(0).optional() }).strict().optional(),
    /** Findings that point to it (or against it). */
    features: z.array(featureSchema).min(1),
    /**
     * Context without which the condition cannot be (alcohol for withdrawal after stopping drinking): when the
     * message names none of these concepts, the condition is much less likely, whatever else fits.
     */
    context_required: z.array(z.string()).default([]),
    /** Context that makes it more likely: risk factors, exposures, long-term conditions, medicines. */
    risk_factors: z.array(z.object({ concept: z.string(), points: z.enum(['strong', 'moderate', 'weak']).default('moderate') }).strict()).default([]),
    /** What makes it more urgent than `urgency`. */
    escalate: z
      .array(
        z
          .object({
            when: z.array(z.string()).default([]),
            /** Findings that withdraw this escalation: "can't swallow" said by someone who is drinking tea. */
            unless: z.array(z.string()).default([]),
            vitals: z
              .object({ temperatureC: vitalRange.optional(), pulse: vitalRange.optional(), respiratoryRate: vitalRange.optional(), spo2: vitalRange.optional(), systolicBp: vitalRange.optional() })
              .strict()
              .optional(),
            /** How long the problem has lasted ("heel pain not better after 2 weeks of self-care": `{gt: 14}`). */
            durationDays: vitalRange.optional(),
            to: levelSchema,
            because: z.string().min(5),
          })
          .strict()
          .refine((e) => e.when.length || e.vitals || e.durationDays, { message: 'needs `when` concepts, `vitals` or `durationDays`' }),
      )
      .default([]),
    sources: z.array(sourceSchema).min(1, 'at least one source is required'),
    last_reviewed: isoDate,
    /** A note for the reviewer. */
    note: z.string().optional(),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;
export const conditionFileSchema = z.array(conditionSchema);

/**
 * knowledge/safety/dose-limits.yaml: the highest adult dose of a common medicine, for one dose and for 24 hours. An
 * answer or an imported document that states more is stopped by the safety checks (server/safety).
 */
export const doseLimitSchema = z
  .object({
    medicine: z.string().min(2),
    /** Names and brands that mean this medicine, matched as whole words. */
    names: z.array(z.string().min(2)).min(1),
    /** A regular expression the sentence must match for the limit to apply (a route such as intramuscular). */
    when: z.string().optional(),
    maxSingleMg: z.number().positive(),
    maxDailyMg: z.number().positive().optional(),
    note: z.string().optional(),
    source: sourceSchema,
    last_reviewed: isoDate,
  })
  .strict();
export type DoseLimit = z.infer<typeof doseLimitSchema>;
export const doseLimitFileSchema = z.array(doseLimitSchema);

/**
 * knowledge/vocabulary/medicine-shorthand.yaml: nurses' shorthand for medicines ("pred", "mag sulph"), each form
 * matched as whole words; the offline composer reads a question with the full names too.
 */
export const shorthandSchema = z
  .object({
    name: z.string().min(3),
    /** Lower-case words, letters and digits only, one space between words: matched whole, never as a pattern. */
    shorthand: z.array(z.string().regex(/^[a-z0-9]+(?: [a-z0-9]+)*$/, 'lower-case words (letters and digits) with single spaces').min(2)).min(1),
    note: z.string().optional(),
  })
  .strict();
export type Shorthand = z.infer<typeof shorthandSchema>;
export const shorthandFileSchema = z.array(shorthandSchema);

/** knowledge/questions.yaml: how the assistant asks about a concept (plain words, one thing at a time). */
export const questionFileSchema = z.array(z.object({ concept: z.string(), text: z.string().min(8).max(200) }).strict());
export type QuestionText = z.infer<typeof questionFileSchema>[number];

/**
 * A clinic fact as one sentence or several: the assistant answers a question with the sentences about what was asked
 * ("how long does it take?" -> "Allow two working days."), so a profile written as separate sentences answers
 * follow-ups without repeating itself.
 */
const clinicLines = z
  .union([z.string().min(3), z.array(z.string().min(3)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** knowledge/clinic.yaml: the clinic a deployment serves (answers to clinic questions, the widget, the demo page). */
export const clinicSchema = z
  .object({
    name: z.string().min(2),
    locale: z.string().default('en-US'),
    address: z.string().optional(),
    phone: z.string().min(3),
    opening_hours: z.array(z.object({ days: z.string(), hours: z.string() }).strict()).min(1),
    booking: clinicLines,
    out_of_hours: z.object({ text: z.string(), phone: z.string().optional() }).strict(),
    services: z.array(z.string()).default([]),
    repeat_prescriptions: clinicLines.optional(),
    access: clinicLines.optional(),
    emergency_number: z.string().regex(/^[0-9+ ]{2,15}$/),
    crisis_line: z.object({ name: z.string(), phone: z.string(), text: z.string() }).strict(),
  })
  .strict();
export type Clinic = z.infer<typeof clinicSchema>;
