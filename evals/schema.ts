import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import YAML from 'yaml';
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
    note: z.string().optional(),
  })
  .strict();

export const suiteSchema = z
  .object({
    suite: z.string().min(1),
    description: z.string().default(''),
    cases: z.array(z.unknown()).min(1),
  })
  .strict();

export type EvalCase = z.infer<typeof caseSchema>;
export type Suite = { suite: string; description: string; file: string; cases: EvalCase[] };
export type SuiteKind = 'triage' | 'retrieval' | 'answers';

/** Any suite whose name starts with "triage" is scored as triage; "retrieval" as retrieval; the rest as answers. */
export const suiteKind = (name: string): SuiteKind =>
  name.startsWith('triage') ? 'triage' : name.startsWith('retrieval') ? 'retrieval' : 'answers';

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
    doc = YAML.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${shown}: ${(err as Error).message}`);
  }
  const top = suiteSchema.safeParse(doc);
  if (!top.success) {
    const i = top.error.issues[0];
    throw new Error(`${shown}: ${issuePath(i.path) || '(top)'}: ${i.message}`);
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
  if (top.data.suite !== basename(path).replace(/\.ya?ml$/, '')) {
    throw new Error(`${shown}: suite: name "${top.data.suite}" does not match the file name`);
  }
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
