import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import type { z } from 'zod';
import { contextFileSchema, loadContextRules, type ContextRules } from '../language/context-rules';
import { parseHpoLayperson, parseSymptomOntology, type ImportFiles } from '../language/imports';
import {
  articleFrontMatterSchema,
  lexiconFileSchema,
  NURSE_SECTIONS,
  PATIENT_SECTIONS,
  PATIENT_SECTION_ORDER,
  redFlagFileSchema,
  triageDataSchema,
  scopeSchema,
  vocabularyConfigSchema,
  conditionFileSchema,
  questionFileSchema,
  clinicSchema,
  type Clinic,
  doseLimitFileSchema,
  type DoseLimit,
  shorthandFileSchema,
  type Shorthand,
  type QuestionText,
  type Condition,
  type ScopeData,
  type VocabularyConfig,
  type ArticleFrontMatter,
  type Concept,
  type ConceptExtension,
  type RedFlagRule,
} from './schema';

export type Section = { heading: string; text: string };

export type Article = ArticleFrontMatter & {
  origin: 'library' | 'local';
  path: string;
  body: string;
  sections: Section[];
};

export type TriageData = z.infer<typeof triageDataSchema>;

/** A local document kept out of the library, and why. */
export type Quarantined = { file: string; id?: string; problems: string[] };

export type Knowledge = {
  articles: Article[];
  lexicon: Concept[];
  redFlags: RedFlagRule[];
  triage: TriageData;
  scope: ScopeData;
  /** ConText trigger rules: the public lists in knowledge/context/ with careline.yaml's exclusions and additions. */
  context: ContextRules;
  /** Conditions the reasoning engine weighs (knowledge/conditions/). */
  conditions: Condition[];
  /** How to ask about a concept (knowledge/questions.yaml). */
  questions: QuestionText[];
  /** The clinic this deployment serves (knowledge/clinic.yaml). */
  clinic: Clinic;
  /** The highest doses answers and documents may state (knowledge/safety/dose-limits.yaml). */
  doseLimits: DoseLimit[];
  /** Nurses' shorthand for medicines and observations (knowledge/vocabulary/*-shorthand.yaml), read by the offline composer. */
  shorthand: Shorthand[];
  /**
   * A clinic's own documents (articles/local) that failed validation or the safety checks: never indexed or served,
   * reported at start-up and by `kb:import`. The server starts without them.
   */
  quarantined: Quarantined[];
  /** The public vocabularies (knowledge/vocabulary/) and how they join the lexicon. */
  vocabularyConfig: VocabularyConfig;
  imports: ImportFiles;
  /** Hash of every knowledge file's path and content: the index is rebuilt when it changes. */
  contentHash: string;
};

/** A knowledge file that does not pass its schema; the message names the file and the field. */
export class KnowledgeError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'KnowledgeError';
  }
}

// gray-matter and yaml (about 7 MB of RSS and 50 ms of start) are loaded when a file is parsed, not when this module
// is: the compiled server whose knowledge cache is current (knowledge/cache.ts) parses nothing.
const require = createRequire(import.meta.url);
let parsers: { matter: typeof import('gray-matter'); YAML: typeof import('yaml') } | undefined;
const parsersOf = () => (parsers ??= { matter: require('gray-matter'), YAML: require('yaml') });
// Parse YAML with the `yaml` package so dates stay strings and errors carry line numbers.
const matterOptions = { engines: { yaml: (s: string) => parsersOf().YAML.parse(s) as object } };

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

export function splitSections(body: string): Section[] {
  const sections: Section[] = [];
  let current: Section | null = null;
  for (const line of body.split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      if (current) sections.push(current);
      current = { heading: heading[1], text: '' };
    } else if (current) {
      current.text += `${line}\n`;
    } else if (line.trim()) {
      current = { heading: 'Overview', text: `${line}\n` };
    }
  }
  if (current) sections.push(current);
  return sections.map((s) => ({ heading: s.heading, text: s.text.trim() })).filter((s) => s.text);
}

export function parseArticle(file: string, raw: string, origin: Article['origin']): Article {
  let parsed;
  try {
    parsed = parsersOf().matter(raw, matterOptions);
  } catch (err) {
    throw new KnowledgeError(file, [`front matter is not valid YAML: ${(err as Error).message}`]);
  }
  const fm = articleFrontMatterSchema.safeParse(parsed.data);
  if (!fm.success) throw new KnowledgeError(file, issuesOf(fm.error));
  const problems: string[] = [];
  if (fm.data.id !== basename(file, '.md')) problems.push(`id: "${fm.data.id}" must equal the file name`);
  const sections = splitSections(parsed.content);
  if (origin === 'library') {
    const headings = sections.map((s) => s.heading);
    if (fm.data.audience === 'patient') {
      // The five required sections, plus any optional ones, all in the canonical order.
      const order: readonly string[] = PATIENT_SECTION_ORDER;
      const unknown = headings.filter((h) => !order.includes(h));
      const missing = PATIENT_SECTIONS.filter((h) => !headings.includes(h));
      const sorted = [...headings].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      if (unknown.length) problems.push(`sections: unknown section "${unknown.join('", "')}" (allowed: "${order.join('", "')}")`);
      else if (missing.length) problems.push(`sections: missing "${missing.join('", "')}"`);
      else if (sorted.join('|') !== headings.join('|') || new Set(headings).size !== headings.length) {
        problems.push(`sections: expected the order "${sorted.join('", "')}" without repeats, found "${headings.join('", "')}"`);
      }
    } else if (headings.join('|') !== NURSE_SECTIONS.join('|')) {
      problems.push(`sections: expected "${NURSE_SECTIONS.join('", "')}" in that order, found "${headings.join('", "')}"`);
    }
  }
  if (problems.length) throw new KnowledgeError(file, problems);
  return { ...fm.data, origin, path: file, body: parsed.content.trim(), sections };
}

function listFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, pattern));
    else if (pattern.test(name) && name !== 'README.md') out.push(full);
  }
  return out;
}

function parseYamlFile<T>(file: string, raw: string, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = parsersOf().YAML.parse(raw);
  } catch (err) {
    throw new KnowledgeError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new KnowledgeError(file, issuesOf(result.error));
  return result.data;
}

/**
 * Reads and validates the whole knowledge folder. Throws a KnowledgeError naming the first bad file and
 * field; cross-file checks (unique ids, references between files) are collected together.
 */
/** Shorthand the offline composer reads with the full names (knowledge/vocabulary/). */
const SHORTHAND_FILES = ['medicine-shorthand.yaml', 'observation-shorthand.yaml', 'clinical-shorthand.yaml'];

export function loadKnowledge(dir: string): Knowledge {
  const hash = createHash('sha256');
  const read = (file: string) => {
    const raw = readFileSync(file, 'utf8');
    hash.update(relative(dir, file)).update('\0').update(raw).update('\0');
    return raw;
  };

  const articles: Article[] = [];
  const quarantined: Quarantined[] = [];
  for (const file of listFiles(join(dir, 'articles'), /\.md$/)) {
    const origin = relative(join(dir, 'articles'), file).startsWith('local') ? 'local' : 'library';
    try {
      articles.push(parseArticle(relative(process.cwd(), file), read(file), origin));
    } catch (err) {
      // A clinic's document that does not validate is kept out, not a reason for the server not to start.
      if (origin !== 'local' || !(err instanceof KnowledgeError)) throw err;
      quarantined.push({ file: err.file, problems: err.problems });
    }
  }
  const lexicon: Concept[] = [];
  const extensions: (ConceptExtension & { file: string })[] = [];
  for (const file of listFiles(join(dir, 'lexicon'), /\.ya?ml$/)) {
    const shown = relative(process.cwd(), file);
    for (const entry of parseYamlFile(shown, read(file), lexiconFileSchema)) {
      if ('extend' in entry) extensions.push({ ...entry, file: shown });
      else lexicon.push(entry);
    }
  }
  // Extensions add words to concepts defined elsewhere (after every file is read, so the order does not matter).
  for (const x of extensions) {
    const target = lexicon.find((c) => c.id === x.extend);
    if (!target) throw new KnowledgeError(x.file, [`extend: unknown concept "${x.extend}"`]);
    target.lay = [...target.lay, ...x.lay];
    target.misspellings = [...target.misspellings, ...x.misspellings];
    target.guards = [...target.guards, ...x.guards];
    target.implies = [...new Set([...target.implies, ...x.implies])];
    if (x.chronic !== undefined) target.chronic = x.chronic;
  }
  const redFlags: RedFlagRule[] = [];
  for (const file of listFiles(join(dir, 'red-flags'), /^rules.*\.ya?ml$/)) {
    redFlags.push(...parseYamlFile(relative(process.cwd(), file), read(file), redFlagFileSchema));
  }
  const conditions: Condition[] = [];
  for (const file of listFiles(join(dir, 'conditions'), /\.ya?ml$/)) {
    conditions.push(...parseYamlFile(relative(process.cwd(), file), read(file), conditionFileSchema));
  }
  const doseFile = join(dir, 'safety', 'dose-limits.yaml');
  const doseLimits = existsSync(doseFile) ? parseYamlFile(relative(process.cwd(), doseFile), read(doseFile), doseLimitFileSchema) : [];
  for (const d of doseLimits) {
    try {
      if (d.when) new RegExp(d.when, 'i');
    } catch (err) {
      throw new KnowledgeError(relative(process.cwd(), doseFile), [`${d.medicine}: bad pattern ${d.when}: ${(err as Error).message}`]);
    }
  }
  const questionsFile = join(dir, 'questions.yaml');
  const questions = existsSync(questionsFile) ? parseYamlFile(relative(process.cwd(), questionsFile), read(questionsFile), questionFileSchema) : [];
  const clinic = loadClinic(join(dir, 'clinic.yaml'), read);
  const triageFile = join(dir, 'red-flags', 'triage.yaml');
  const triage = parseYamlFile(relative(process.cwd(), triageFile), read(triageFile), triageDataSchema);

  const scopeFile = join(dir, 'scope.yaml');
  const scope = existsSync(scopeFile)
    ? parseYamlFile(relative(process.cwd(), scopeFile), read(scopeFile), scopeSchema)
    : { declines: [], neverDeclineWith: [] };
  for (const d of scope.declines) {
    for (const p of [...d.any, ...d.all]) {
      try {
        new RegExp(p);
      } catch (err) {
        throw new KnowledgeError(relative(process.cwd(), scopeFile), [`declines.${d.id}: bad pattern ${p}: ${(err as Error).message}`]);
      }
    }
  }
  const contextDir = join(dir, 'context');
  const contextFile = join(contextDir, 'careline.yaml');
  const ownContext = existsSync(contextFile)
    ? parseYamlFile(relative(process.cwd(), contextFile), read(contextFile), contextFileSchema)
    : contextFileSchema.parse({});
  // The public lists are hashed too: a new copy of one changes what triage reads.
  for (const f of ['medspacy/context_rules_en.json', 'negex/negex_triggers.txt', 'pycontextnlp/lexical_kb_05042016.tsv']) {
    if (existsSync(join(contextDir, f))) read(join(contextDir, f));
  }
  let context: ContextRules;
  try {
    context = loadContextRules(contextDir, ownContext);
  } catch (err) {
    throw new KnowledgeError(relative(process.cwd(), contextFile), [(err as Error).message]);
  }

  const vocabDir = join(dir, 'vocabulary');
  const vocabFile = join(vocabDir, 'vocabulary.yaml');
  const vocabularyConfig = existsSync(vocabFile)
    ? parseYamlFile(relative(process.cwd(), vocabFile), read(vocabFile), vocabularyConfigSchema)
    : vocabularyConfigSchema.parse({ hpo: {}, symp: {} });
  for (const [section, patterns] of Object.entries({ hpo: vocabularyConfig.hpo, symp: vocabularyConfig.symp })) {
    for (const p of [...patterns.excludePatterns, ...patterns.requirePatterns]) {
      try {
        new RegExp(p);
      } catch (err) {
        throw new KnowledgeError(relative(process.cwd(), vocabFile), [`${section}: bad pattern ${p}: ${(err as Error).message}`]);
      }
    }
  }
  // Nurses' shorthand, one file per kind; a form may stand for one thing only, across the files.
  const shorthand: Shorthand[] = [];
  const forms = new Map<string, string>();
  for (const name of SHORTHAND_FILES) {
    const file = join(vocabDir, name);
    if (!existsSync(file)) continue;
    const shown = relative(process.cwd(), file);
    const clashes: string[] = [];
    for (const m of parseYamlFile(shown, read(file), shorthandFileSchema)) {
      for (const f of m.shorthand) {
        const other = forms.get(f);
        if (other !== undefined) clashes.push(`"${f}" is listed for both ${other} and ${m.name}`);
        forms.set(f, m.name);
      }
      shorthand.push(m);
    }
    if (clashes.length) throw new KnowledgeError(shown, clashes);
  }
  const hpoFile = join(vocabDir, 'hpo', 'layperson-synonyms.tsv');
  const sympFile = join(vocabDir, 'symptom-ontology', 'symp.obo');
  const hpoNote = join(vocabDir, 'hpo', 'LICENSE-NOTE.txt');
  const imports: ImportFiles = {
    hpo: existsSync(hpoFile) ? parseHpoLayperson(read(hpoFile)) : [],
    symp: existsSync(sympFile) ? parseSymptomOntology(read(sympFile)) : [],
    hpoVersion: existsSync(hpoNote) ? /version ([^"\n)]+)/i.exec(readFileSync(hpoNote, 'utf8'))?.[1]?.trim() ?? null : null,
  };

  const knowledge: Knowledge = {
    articles, lexicon, redFlags, triage, scope, conditions, questions, clinic, doseLimits, shorthand, quarantined, context, vocabularyConfig, imports, contentHash: hash.digest('hex'),
  };
  // A local document that names unknown concepts or reuses an id is kept out too; the library itself must be whole.
  const library = new Set(articles.filter((a) => a.origin === 'library').map((a) => a.id));
  const bad = new Map<Article, string[]>();
  const seen = new Set<string>();
  for (const a of articles.filter((x) => x.origin === 'local')) {
    const problems: string[] = [];
    if (library.has(a.id) || seen.has(a.id)) problems.push(`id "${a.id}" is already used`);
    seen.add(a.id);
    const unknown = a.concepts.filter((c) => !lexicon.some((l) => l.id === c));
    if (unknown.length) problems.push(`concepts: unknown concept "${unknown.join('", "')}"`);
    if (problems.length) bad.set(a, problems);
  }
  for (const [a, problems] of bad) quarantined.push({ file: a.path, id: a.id, problems });
  knowledge.articles = articles.filter((a) => !bad.has(a));
  checkReferences(knowledge);
  return knowledge;
}

/** The clinic profile (CLINIC_FILE can point at another deployment's file). */
export function loadClinic(file: string, read: (f: string) => string = (f) => readFileSync(f, 'utf8')): Clinic {
  if (!existsSync(file)) throw new KnowledgeError(relative(process.cwd(), file), ['the clinic profile is missing (see knowledge/clinic.yaml)']);
  return parseYamlFile(relative(process.cwd(), file), read(file), clinicSchema);
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false))))];
}

const BARE_DESCRIBERS = new Set(['red', 'hot', 'cold', 'warm', 'sore', 'painful', 'bad', 'big', 'small', 'hard', 'soft', 'dark', 'pale', 'new', 'old', 'mild', 'left', 'right', 'and', 'or', 'with', 'the', 'a', 'my', 'it', 'stopped', 'started', 'went', 'got', 'had', 'has', 'is', 'was', 'now', 'today', 'then', 'fine', 'ok', 'okay', 'good', 'heavy', 'again', 'still', 'just', 'last', 'night', 'day']);

function checkReferences(k: Knowledge): void {
  const problems: string[] = [];
  for (const id of duplicates(k.articles.map((a) => a.id))) problems.push(`article id "${id}" is used twice`);
  for (const id of duplicates(k.lexicon.map((c) => c.id))) problems.push(`lexicon id "${id}" is defined twice`);
  for (const id of duplicates(k.redFlags.map((r) => r.id))) problems.push(`red-flag rule id "${id}" is used twice`);
  const concepts = new Set(k.lexicon.map((c) => c.id));
  const articles = new Set(k.articles.map((a) => a.id));
  for (const c of k.lexicon) {
    for (const a of c.articles) if (!articles.has(a)) problems.push(`lexicon ${c.id}: unknown article "${a}"`);
    for (const i of c.implies) if (!concepts.has(i)) problems.push(`lexicon ${c.id}: implies unknown concept "${i}"`);
    for (const g of c.guards) if (g.otherwise && !concepts.has(g.otherwise)) problems.push(`lexicon ${c.id}: guard reads unknown concept "${g.otherwise}"`);
    if (c.negates && !concepts.has(c.negates)) problems.push(`lexicon ${c.id}: negates unknown concept "${c.negates}"`);
    if (c.denied_means && !concepts.has(c.denied_means)) problems.push(`lexicon ${c.id}: denied_means unknown concept "${c.denied_means}"`);
    // A YAML flow list splits on commas: "[red, hot, swollen area]" is three phrases, and "red" alone would make every
    // red thing this finding. A bare describing word is always such an accident.
    for (const p of c.lay) if (BARE_DESCRIBERS.has(p.trim().toLowerCase())) problems.push(`lexicon ${c.id}: the bare word "${p}" as a phrase (a comma inside a YAML list? quote the phrase)`);
  }
  for (const r of k.redFlags) {
    for (const c of [...r.all, ...r.any, ...r.none, ...r.groups.flat()]) {
      if (!concepts.has(c)) problems.push(`red-flag rule ${r.id}: unknown concept "${c}"`);
    }
  }
  for (const c of [...k.triage.compositions.flatMap((x) => Object.values(x.sites)), ...k.triage.background, ...k.triage.alwaysCurrent, ...k.triage.recentHistory, ...k.triage.resolvedStillCounts, ...k.triage.selfCareBlockers, ...k.triage.writerReactions, ...k.triage.incidentalToMinor, ...k.triage.stoppingBleeds, ...k.triage.periodBleeds, ...k.triage.otherBleeds]) {
    if (!concepts.has(c)) problems.push(`triage.yaml: unknown concept "${c}"`);
  }
  for (const p of k.triage.selfCare) {
    for (const c of [...p.anchors, ...p.concepts]) if (!concepts.has(c)) problems.push(`self-care ${p.id}: unknown concept "${c}"`);
  }
  for (const f of k.triage.followUps) {
    for (const c of [f.when, ...f.ask.map((a) => a.concept)]) {
      if (!concepts.has(c)) problems.push(`follow-up for ${f.when}: unknown concept "${c}"`);
    }
  }
  for (const c of [...k.scope.neverDeclineWith, ...k.scope.declines.flatMap((d) => d.unlessConcepts)]) {
    if (!concepts.has(c)) problems.push(`scope.yaml: unknown concept "${c}"`);
  }
  for (const a of k.articles) {
    for (const c of a.concepts) if (!concepts.has(c)) problems.push(`article ${a.id}: unknown concept "${c}"`);
  }
  // Conditions: their own ids are concepts too (their names join the vocabulary), so features may name them.
  for (const id of duplicates(k.conditions.map((c) => c.id))) problems.push(`condition id "${id}" is used twice`);
  const known = new Set([...concepts, ...k.conditions.map((c) => c.id)]);
  for (const c of k.conditions) {
    if (!articles.has(c.article)) problems.push(`condition ${c.id}: unknown article "${c.article}"`);
    for (const f of c.features) if (!known.has(f.concept)) problems.push(`condition ${c.id}: unknown feature concept "${f.concept}"`);
    for (const r of c.risk_factors) if (!known.has(r.concept)) problems.push(`condition ${c.id}: unknown risk factor concept "${r.concept}"`);
    for (const r of c.context_required) if (!known.has(r)) problems.push(`condition ${c.id}: unknown required context concept "${r}"`);
    for (const e of c.escalate) for (const w of [...e.when, ...e.unless]) if (!known.has(w)) problems.push(`condition ${c.id}: escalate uses unknown concept "${w}"`);
    if (!c.features.some((f) => f.points === 'strong' || f.points === 'moderate')) {
      problems.push(`condition ${c.id}: unreachable (no strong or moderate feature can make it likely)`);
    }
    if (c.age?.min !== undefined && c.age.max !== undefined && c.age.min > c.age.max) problems.push(`condition ${c.id}: age.min is above age.max`);
  }
  for (const q of k.questions) if (!known.has(q.concept)) problems.push(`questions.yaml: unknown concept "${q.concept}"`);
  if (problems.length) throw new KnowledgeError('knowledge/', problems);
}
