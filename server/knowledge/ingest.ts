import type { Db } from '../db';
import type { Article, Knowledge } from './load';

const HASH_KEY = 'content_hash';

export type IndexResult = { rebuilt: boolean; articles: number; chunks: number };

/** Plain text for the index: Markdown markers removed, words kept. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/[*_`>#]/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .trim();
}

export function chunksOf(article: Article): { section: string; text: string }[] {
  return [
    { section: 'Summary', text: article.summary },
    ...article.sections.map((s) => ({ section: s.heading, text: s.text })),
  ];
}

/**
 * Rebuilds articles, chunks and the FTS5 index in one transaction when the knowledge content hash changed
 * (or when `force`); a reader never sees a half-built index.
 */
export function indexKnowledge(db: Db, knowledge: Knowledge, options: { force?: boolean } = {}): IndexResult {
  const stored = db.prepare('SELECT value FROM kb_meta WHERE key = ?').pluck().get(HASH_KEY) as string | undefined;
  const counts = () => ({
    articles: db.prepare('SELECT count(*) FROM articles').pluck().get() as number,
    chunks: db.prepare('SELECT count(*) FROM chunks').pluck().get() as number,
  });
  if (!options.force && stored === knowledge.contentHash) return { rebuilt: false, ...counts() };

  const insertArticle = db.prepare(
    `INSERT INTO articles (id, title, audience, summary, synonyms, concepts, sources, last_reviewed, origin, path, body)
     VALUES (@id, @title, @audience, @summary, @synonyms, @concepts, @sources, @last_reviewed, @origin, @path, @body)`,
  );
  const insertChunk = db.prepare('INSERT INTO chunks (article_id, ord, section, text) VALUES (?, ?, ?, ?)');
  const insertFts = db.prepare('INSERT INTO chunks_fts (rowid, title, synonyms, section, text) VALUES (?, ?, ?, ?, ?)');

  db.transaction(() => {
    db.exec('DELETE FROM chunks_fts; DELETE FROM chunks; DELETE FROM articles;');
    for (const a of knowledge.articles) {
      insertArticle.run({
        id: a.id,
        title: a.title,
        audience: a.audience,
        summary: a.summary,
        synonyms: JSON.stringify(a.synonyms),
        concepts: JSON.stringify(a.concepts),
        sources: JSON.stringify(a.sources),
        last_reviewed: a.last_reviewed,
        origin: a.origin,
        path: a.path,
        body: a.body,
      });
      const synonyms = [...a.synonyms, ...conceptNames(knowledge, a)].join(' ; ');
      chunksOf(a).forEach((c, ord) => {
        const { lastInsertRowid } = insertChunk.run(a.id, ord, c.section, c.text);
        insertFts.run(lastInsertRowid, a.title, synonyms, c.section, stripMarkdown(c.text));
      });
    }
    db.prepare('INSERT INTO kb_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      HASH_KEY,
      knowledge.contentHash,
    );
  })();
  return { rebuilt: true, ...counts() };
}

/** Lay names and misspellings of the lexicon concepts that point at this article, so lay wording finds it. */
function conceptNames(knowledge: Knowledge, article: Article): string[] {
  const names: string[] = [];
  for (const c of knowledge.lexicon) {
    if (c.articles.includes(article.id) || article.concepts.includes(c.id)) {
      names.push(c.name, ...c.lay, ...c.misspellings);
    }
  }
  return names;
}
