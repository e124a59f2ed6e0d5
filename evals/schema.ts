import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { z } from 'zod';
import { LEVELS } from '../server/knowledge/schema';

/** The five triage levels, lowest urgency first (same order as server/triage/levels.ts). */
export const levelSchema = z.enum(LEVELS);

const triageExpect = z
  .object({ level: levelSchema.optional(), atLeast: levelSchema.optional(), atMost: levelSchema.optional() })
  .strict()
  .refine((t) => t.level || t.atLeast || t.atMost, { message: 'needs one of level, atLeast, atMost' })
  .refine((t) => !(t.level && (t.atLeast || t.atMost)), { message: 'level cannot be combined with atLeast/atMost' });

const expectSchema = z
  .object({
    triage: triageExpect.optional(),
    /** Article ids that answer the question, best first. */
    relevant: z.array(z.string().min(1)).optional(),
    /** The reply should cite at least one of these article ids. */
    cited: z.array(z.string().min(1)).optional(),
    /** Each inner list is an any-of group: the reply must contain one phrase of every group. */
    mustInclude: z.array(z.array(z.string().min(1)).min(1)).optional(),
    mustNotInclude: z.array(z.string().min(1)).optional(),
    emergencyInstruction: z.boolean().optional(),
    refusal: z.boolean().optional(),
    /**
     * Article sections the reply must quote from (any of), for a question of a given type: "Causes" for "what
     * causes ...". Scored as `intentSection` against the cited articles' text.
     */
    sections: z.array(z.string().min(1)).min(1).optional(),
    /** Triage suites: the gold condition, as plain names (the first is the usual name, the rest accepted synonyms). */
    condition: z.array(z.string().min(2)).min(1).optional(),
  })
  .strict();

/**
 * A simulated patient for triage dialogues: the first turn is vague, and the patient answers each question the
 * assistant asks from these facts. A fact not listed is answered "no"; one in `unsure` is answered "not sure".
 */
const cardSchema = z
  .object({
    age: z.number().min(0).max(120).optional(),
    sex: z.enum(['female', 'male']).optional(),
    pregnant: z.boolean().optional(),
    /** Who is talking: the patient, a parent or carer, or a clinician. */
    voice: z.enum(['patient', 'carer', 'nurse']).default('patient'),
    facts: z.array(z.object({ text: z.string().min(2), present: z.boolean() }).strict()).min(1),
    unsure: z.array(z.string().min(2)).default([]),
    /** Answers to questions about time: how long it has been going on, in the patient's words. */
    duration: z.string().optional(),
  })
  .strict();

const rubricSchema = z
  .object({
    criterion: z.string().min(1),
    points: z.number().int().min(-10).max(10).refine((p) => p !== 0, { message: 'points must not be 0' }),
    match: z.object({ anyOf: z.array(z.string().min(1)).min(1) }).strict().optional(),
  })
  .strict();

export const caseSchema = z
  .object({
    id: z.string().min(1),
    tags: z.array(z.string()).default([]),
    audience: z.enum(['patient', 'nurse']).default('patient'),
    turns: z.array(z.string().min(1)).min(1),
    expect: expectSchema.default({}),
    rubric: z.array(rubricSchema).default([]),
    card: cardSchema.optional(),
    note: z.string().optional(),
  })
  .strict();

/** ConText scoping suites (name starting with "context"): each target span is scored on its own. */
export const contextCaseSchema = z
  .object({
    id: z.string().min(1),
    tags: z.array(z.string()).default([]),
    text: z.string().min(1),
    targets: z
      .array(
        z
          .object({
            /** The words of the finding exactly as they appear in `text`. */
            span: z.string().min(1),
            status: z.enum(['present', 'negated', 'possible', 'hypothetical', 'historical']),
            experiencer: z.enum(['patient', 'other', 'family']).default('patient'),
          })
          .strict(),
      )
      .min(1),
    note: z.string().optional(),
  })
  .strict();
export type ContextCase = z.infer<typeof contextCaseSchema>;

const levelExpect = z
  .object({ level: levelSchema.optional(), atLeast: levelSchema.optional(), atMost: levelSchema.optional() })
  .strict();

/** Conversation suites (name starting with "conversation"): expectations per turn. */
export const conversationCaseSchema = z
  .object({
    id: z.string().min(1),
    tags: z.array(z.string()).default([]),
    audience: z.enum(['patient', 'nurse']).default('patient'),
    turns: z
      .array(
        z
          .object({
            /** What the person types; or `reload: true` to resume the conversation from its transcript. */
            say: z.string().min(1).optional(),
            reload: z.boolean().optional(),
            expect: z
              .object({
                act: z.enum(['greeting', 'thanks', 'small_talk', 'clinic', 'symptoms', 'question', 'answer', 'person']).optional(),
                /** "none": no urgency badge (triage null); "any": some level. */
                badge: z.enum(['none', 'any']).optional(),
                triage: levelExpect.optional(),
                /** Article ids, one of which must be cited; or "clinic" for an answer from the clinic profile. */
                cited: z.union([z.literal('clinic'), z.array(z.string().min(1)).min(1)]).optional(),
                mustInclude: z.array(z.array(z.string().min(1)).min(1)).optional(),
                mustNotInclude: z.array(z.string().min(1)).optional(),
                maxWords: z.number().int().positive().optional(),
                emergencyInstruction: z.boolean().optional(),
                /** After a reload: how many earlier messages (both sides) the transcript must hold. */
                transcriptMessages: z.number().int().min(0).optional(),
              })
              .strict()
              .default({}),
          })
          .strict()
          .refine((t) => Boolean(t.say) !== Boolean(t.reload), { message: 'a turn has either say or reload' }),
      )
      .min(1),
    note: z.string().optional(),
  })
  .strict();
export type ConversationCase = z.infer<typeof conversationCaseSchema>;

export const suiteSchema = z
  .object({
    suite: z.string().min(1),
    description: z.string().default(''),
    cases: z.array(z.unknown()).min(1),
  })
  .strict();

export type EvalCase = z.infer<typeof caseSchema>;
export type Suite = {
  suite: string;
  description: string;
  file: string;
  cases: EvalCase[];
  /** Set for suites of kind "context" and "conversation", whose cases have their own shapes. */
  contextCases?: ContextCase[];
  conversationCases?: ConversationCase[];
};
export type SuiteKind = 'triage' | 'retrieval' | 'answers' | 'context' | 'conversation';

/**
 * A suite's kind comes from its name: "triage*" is scored as triage, "retrieval*" as retrieval, "context*" per
 * ConText target, "conversation*" per turn, the rest as answers.
 */
export const suiteKind = (name: string): SuiteKind =>
  name.startsWith('triage')
    ? 'triage'
    : name.startsWith('retrieval')
      ? 'retrieval'
      : name.startsWith('context')
        ? 'context'
        : name.startsWith('conversation')
          ? 'conversation'
          : 'answers';

export const SUITES_DIR = join(import.meta.dirname, 'suites');

const issuePath = (path: PropertyKey[]) => path.map(String).join('.');

/**
 * Reads and validates one suite file. Errors name the file, the case id and the field, e.g.
 * `evals/suites/safety.yaml: case sa-004: expect.triage.atLeast: Invalid option ...`.
 */
export function loadSuite(path: string): Suite {
  const shown = relative(join(import.meta.dirname, '..'), path) || path;
  let doc: unknown;
  try {
    // yaml is loaded here: the server imports this module for `suiteKind` only, and never reads a suite.
    const YAML: typeof import('yaml') = createRequire(import.meta.url)('yaml');
    doc = YAML.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${shown}: ${(err as Error).message}`);
  }
  const top = suiteSchema.safeParse(doc);
  if (!top.success) {
    const i = top.error.issues[0];
    throw new Error(`${shown}: ${issuePath(i.path) || '(top)'}: ${i.message}`);
  }
  const kind = suiteKind(top.data.suite);
  if (top.data.suite !== basename(path).replace(/\.ya?ml$/, '')) {
    throw new Error(`${shown}: suite: name "${top.data.suite}" does not match the file name`);
  }
  if (kind === 'context' || kind === 'conversation') {
    const schema = kind === 'context' ? contextCaseSchema : conversationCaseSchema;
    const own: unknown[] = [];
    const ids = new Set<string>();
    top.data.cases.forEach((raw, index) => {
      const id = (raw as { id?: unknown })?.id;
      const label = typeof id === 'string' ? `case ${id}` : `case #${index + 1}`;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${issuePath(i.path) || '(case)'}: ${i.message}`).join('; ');
        throw new Error(`${shown}: ${label}: ${detail}`);
      }
      if (ids.has(parsed.data.id)) throw new Error(`${shown}: ${label}: id: duplicate case id`);
      ids.add(parsed.data.id);
      if (kind === 'context') {
        const c = parsed.data as ContextCase;
        for (const t of c.targets) {
          if (!c.text.toLowerCase().includes(t.span.toLowerCase())) throw new Error(`${shown}: ${label}: targets: span "${t.span}" is not in the text`);
        }
      }
      own.push(parsed.data);
    });
    return {
      suite: top.data.suite,
      description: top.data.description,
      file: shown,
      cases: [],
      ...(kind === 'context' ? { contextCases: own as ContextCase[] } : { conversationCases: own as ConversationCase[] }),
    };
  }
  const cases: EvalCase[] = [];
  const seen = new Set<string>();
  top.data.cases.forEach((raw, index) => {
    const id = (raw as { id?: unknown })?.id;
    const label = typeof id === 'string' ? `case ${id}` : `case #${index + 1}`;
    const parsed = caseSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${issuePath(i.path) || '(case)'}: ${i.message}`).join('; ');
      throw new Error(`${shown}: ${label}: ${detail}`);
    }
    if (seen.has(parsed.data.id)) throw new Error(`${shown}: ${label}: id: duplicate case id`);
    seen.add(parsed.data.id);
    const t = parsed.data.expect.triage;
    if (t?.atLeast && t.atMost && LEVELS.indexOf(t.atLeast) > LEVELS.indexOf(t.atMost)) {
      throw new Error(`${shown}: ${label}: expect.triage: atLeast is above atMost`);
    }
    if (suiteKind(top.data.suite) === 'triage' && !t) throw new Error(`${shown}: ${label}: expect.triage: required in a triage suite`);
    if (suiteKind(top.data.suite) === 'retrieval' && !parsed.data.expect.relevant?.length) {
      throw new Error(`${shown}: ${label}: expect.relevant: required in a retrieval suite`);
    }
    cases.push(parsed.data);
  });
  return { suite: top.data.suite, description: top.data.description, file: shown, cases };
}

/** Suite names in evals/suites, sorted. */
export function listSuites(dir = SUITES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** Loads the named suites (or every suite in evals/suites with 'all'); an unknown name is an error. */
export function loadSuites(names: string[] | 'all', dir = SUITES_DIR): Suite[] {
  const available = listSuites(dir);
  const wanted = names === 'all' || names.includes('all') ? available : names;
  return wanted.map((name) => {
    if (!available.includes(name)) throw new Error(`unknown suite "${name}" (have: ${available.join(', ')})`);
    const file = readdirSync(dir).find((f) => f === `${name}.yaml` || f === `${name}.yml`)!;
    return loadSuite(join(dir, file));
  });
}
