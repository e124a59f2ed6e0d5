import type { Concept, Condition, VocabularyConfig } from '../knowledge/schema';
import type { ImportFiles, ImportedTerm } from './imports';
import { phraseForms } from './tokenize';

/**
 * One concept of the vocabulary: the curated lexicon's concepts (knowledge/lexicon), each widened with the names
 * the public vocabularies give it, and the public vocabularies' other findings as concepts of their own
 * (kind "finding": recognised, so never silently self-care, but with no rule or condition of their own).
 */
export type VocabularyConcept = Concept & {
  origin: 'lexicon' | 'hpo' | 'symp';
  /** Ids in the public vocabularies that name this concept ("HP:0002094", "SYMP:0000064"). */
  refs: string[];
  /** For a condition: the findings it has (its features), which its name may contain ("paracetamol overdose"). */
  features?: string[];
};

export type Vocabulary = {
  concepts: VocabularyConcept[];
  byId: Map<string, VocabularyConcept>;
  stats: { lexicon: number; hpo: number; symp: number; mappedRefs: number; phrases: number; hpoVersion: string | null };
};

/** A phrase's comparison key; memoised while a vocabulary is built (the same names are compared many times). */
let keys: Map<string, string> | null = null;
const key = (phrase: string) => {
  let k = keys?.get(phrase);
  if (k === undefined) {
    k = phraseForms(phrase).join(' ');
    keys?.set(phrase, k);
  }
  return k;
};
const hpoRef = (id: string) => id.replace('HP_', 'HP:');
const idOf = (t: ImportedTerm) => (t.source === 'hpo' ? t.id.replace('HP_', 'hpo_') : t.id.replace('SYMP:', 'symp_'));

/** The config's patterns, compiled once each (not once per imported term). */
const compiled = new Map<string, RegExp>();
const pattern = (p: string) => compiled.get(p) ?? compiled.set(p, new RegExp(p, 'i')).get(p)!;

function keep(t: ImportedTerm, cfg: VocabularyConfig['hpo'] | VocabularyConfig['symp']): boolean {
  if (cfg.exclude.includes(t.id)) return false;
  const all = [t.label, ...t.names];
  if (cfg.excludePatterns.some((p) => pattern(p).test(t.label))) return false;
  if (cfg.requirePatterns.length && !all.some((n) => cfg.requirePatterns.some((p) => pattern(p).test(n)))) return false;
  return true;
}

/**
 * What building the vocabulary changes in the lexicon itself: a condition's article joins the articles of the lexicon
 * concept of the same id (the vocabulary's concepts share those arrays). For a caller that reads the lexicon before
 * the vocabulary is built (server/app.ts builds it after the server listens): the same change, done first; building
 * the vocabulary afterwards adds nothing more.
 */
export function linkConditionArticles(lexicon: Concept[], conditions: Condition[]): void {
  const byId = new Map(lexicon.map((c) => [c.id, c]));
  for (const d of conditions) {
    const c = byId.get(d.id);
    if (c && !c.articles.includes(d.article)) c.articles.push(d.article);
  }
}

/**
 * Builds the vocabulary: curated concepts first (their ids are what rules and conditions use), then every kept
 * public term, mapped onto a curated concept when the config maps it or one of its names is already a name of
 * that concept (the same words, after normalisation), else added as a finding of its own.
 */
export function buildVocabulary(lexicon: Concept[], imports: ImportFiles, cfg: VocabularyConfig, conditions: Condition[] = []): Vocabulary {
  keys = new Map();
  try {
    return build(lexicon, imports, cfg, conditions);
  } finally {
    keys = null;
  }
}

function build(lexicon: Concept[], imports: ImportFiles, cfg: VocabularyConfig, conditions: Condition[]): Vocabulary {
  const concepts: VocabularyConcept[] = lexicon.map((c) => ({ ...c, lay: [...c.lay], origin: 'lexicon', refs: [] }));
  const byId = new Map(concepts.map((c) => [c.id, c]));
  // A condition's names join the vocabulary: under the lexicon concept of the same id, or as a concept of its own.
  // A name the lexicon already gives another concept stays that concept's, with its sense guards ("a cold" is the
  // lexicon's cold, so "a cold drink" is not the common cold).
  const lexiconPhrases = new Set(concepts.flatMap((c) => [c.name, ...c.lay, ...c.misspellings].map(key)));
  for (const d of conditions) {
    const existing = byId.get(d.id);
    const names = [d.name, d.lay_name, ...d.names].map((n) => n.toLowerCase());
    const features = d.features.filter((f) => f.points !== 'against').map((f) => f.concept);
    if (existing) {
      existing.features = features;
      const have = new Set([existing.name, ...existing.lay, ...existing.misspellings].map(key));
      for (const n of names) if (!have.has(key(n))) existing.lay.push(n);
      if (!existing.articles.includes(d.article)) existing.articles.push(d.article);
      continue;
    }
    const c: VocabularyConcept = {
      id: d.id, name: d.name.toLowerCase(), kind: 'condition', lay: names.slice(1).filter((n) => !lexiconPhrases.has(key(n))), misspellings: [], body_parts: [],
      articles: [d.article], implies: [], guards: [], origin: 'lexicon', refs: [], features,
    };
    concepts.push(c);
    byId.set(c.id, c);
  }
  const byPhrase = new Map<string, VocabularyConcept>();
  const stop = new Set(cfg.stopPhrases.map(key));
  for (const c of concepts) for (const p of [c.name, ...c.lay, ...c.misspellings]) if (!byPhrase.has(key(p))) byPhrase.set(key(p), c);

  let mappedRefs = 0;
  let hpo = 0;
  let symp = 0;
  // "severe headache", "high fever", "recurrent vomiting": a curated finding with a qualifier. The qualifier is a
  // modifier concept of its own ("severe"), so such a name is not added as a phrase: it would hide the modifier.
  const QUALIFIERS = /^(?:(?:severe|high|mild|acute|chronic|persistent|recurrent|intermittent|sudden|intense|moderate|slight|continuous|frequent|constant|sharp|dull|bilateral|generali[sz]ed|left|right|lower|upper|episodic|prolonged|transient|excessive|extreme|increased|decreased)\s+)+(.+)$/i;
  const qualified = (n: string) => {
    const m = QUALIFIERS.exec(n.trim());
    return m ? byPhrase.get(key(m[1])) : undefined;
  };
  const add = (t: ImportedTerm, section: VocabularyConfig['hpo']) => {
    if (!keep(t, section)) return;
    const ref = t.source === 'hpo' ? hpoRef(t.id) : t.id;
    let names = [t.label, ...t.names].filter((n) => n.length >= 3 && !stop.has(key(n)) && key(n).length >= 3);
    const base = names.map(qualified).find(Boolean);
    if (base && !section.map[t.id]) {
      base.refs.push(ref);
      mappedRefs++;
      return;
    }
    names = names.filter((n) => !qualified(n));
    const target = byId.get(section.map[t.id] ?? '') ?? names.map((n) => byPhrase.get(key(n))).find(Boolean);
    if (target) {
      // Known to the lexicon: its clinical and lay names widen the curated concept.
      const have = new Set([target.name, ...target.lay, ...target.misspellings].map(key));
      for (const n of names) if (!have.has(key(n))) target.lay.push(n.toLowerCase());
      target.refs.push(ref);
      mappedRefs++;
      return;
    }
    if (!names.length) return;
    const id = idOf(t);
    if (byId.has(id)) return;
    const c: VocabularyConcept = {
      id,
      name: t.label.toLowerCase(),
      kind: 'finding',
      lay: names.filter((n) => n !== t.label).map((n) => n.toLowerCase()),
      misspellings: [],
      body_parts: [],
      articles: [],
      implies: [],
      guards: [],
      origin: t.source,
      refs: [ref],
    };
    concepts.push(c);
    byId.set(id, c);
    for (const n of names) if (!byPhrase.has(key(n))) byPhrase.set(key(n), c);
    if (t.source === 'hpo') hpo++;
    else symp++;
  };
  // Symptom Ontology first (symptom names), then HPO's lay names.
  for (const t of imports.symp) add(t, cfg.symp);
  for (const t of imports.hpo) add(t, cfg.hpo);
  const phrases = concepts.reduce((n, c) => n + 1 + c.lay.length + c.misspellings.length, 0);
  return { concepts, byId, stats: { lexicon: lexicon.length, hpo, symp, mappedRefs, phrases, hpoVersion: imports.hpoVersion } };
}
