/**
 * Terms from the public vocabularies copied, unaltered, into knowledge/vocabulary/: the Human Phenotype
 * Ontology's lay synonyms (HPO licence: the file is kept as published and read here at run time) and the
 * Symptom Ontology (CC0). Each term: its source id, its clinical label and its other names.
 */
export type ImportedTerm = { source: 'hpo' | 'symp'; id: string; label: string; names: string[]; parents: string[] };

/** HPO `layperson-synonyms.tsv`: `<IRI>\t"label"\t"lay synonym"`, one row per synonym. */
export function parseHpoLayperson(raw: string): ImportedTerm[] {
  const byId = new Map<string, ImportedTerm>();
  for (const line of raw.split('\n').slice(1)) {
    const [iri, label, lay] = line.split('\t');
    const id = /HP_\d+/.exec(iri ?? '')?.[0];
    if (!id || !label || !lay) continue;
    const unquote = (s: string) => s.trim().replace(/^"|"$/g, '');
    const term = byId.get(id) ?? { source: 'hpo' as const, id, label: unquote(label), names: [], parents: [] };
    const name = unquote(lay);
    if (name && !term.names.includes(name)) term.names.push(name);
    byId.set(id, term);
  }
  return [...byId.values()];
}

/** Symptom Ontology OBO: `[Term]` stanzas with `id`, `name`, `synonym: "..."`, `is_a` and `is_obsolete`. */
export function parseSymptomOntology(raw: string): ImportedTerm[] {
  const out: ImportedTerm[] = [];
  for (const stanza of raw.split(/\n\[Term\]\n/).slice(1)) {
    const field = (k: string) => [...stanza.matchAll(new RegExp(`^${k}: (.*)$`, 'gm'))].map((m) => m[1]);
    if (field('is_obsolete')[0] === 'true') continue;
    const id = field('id')[0];
    const label = field('name')[0];
    if (!id || !label) continue;
    const names = field('synonym').map((s) => /^"([^"]+)"/.exec(s)?.[1]).filter((s): s is string => Boolean(s));
    const parents = field('is_a').map((s) => s.split(' ')[0]);
    out.push({ source: 'symp', id, label, names, parents });
  }
  return out;
}

export type ImportFiles = { hpo: ImportedTerm[]; symp: ImportedTerm[]; hpoVersion: string | null };
