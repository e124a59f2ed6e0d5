/** `npx tsx scripts/kb-check.ts`: validates knowledge/ without touching the database; prints "ok" or every problem. */
import { loadConfig } from '../server/config';
import { KnowledgeError, loadKnowledge } from '../server/knowledge/load';

try {
  const k = loadKnowledge(loadConfig().knowledgeDir);
  console.log(`ok: ${k.articles.length} articles, ${k.lexicon.length} lexicon concepts, ${k.redFlags.length} red-flag rules`);
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(`Knowledge error in ${err.file}:\n  - ${err.problems.join('\n  - ')}`);
  process.exit(1);
}
