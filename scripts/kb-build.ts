/** `npm run kb:build`: validates knowledge/ and rebuilds the SQLite index (also done by `npm start` on change). */
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { indexKnowledge } from '../server/knowledge/ingest';
import { KnowledgeError, loadKnowledge } from '../server/knowledge/load';
import { languageFor } from '../server/language/setup';
import { contentCheckerFor, screenLocalDocuments } from '../server/safety';

const config = loadConfig();
try {
  const loaded = loadKnowledge(config.knowledgeDir);
  // The same screening as at start-up: a clinic document that fails the checks is reported and not indexed.
  const knowledge = screenLocalDocuments(loaded, contentCheckerFor(loaded, languageFor(loaded)));
  for (const q of knowledge.quarantined) console.warn(`quarantined, not indexed: ${q.file}\n  - ${q.problems.join('\n  - ')}`);
  const db = openDatabase(config.databasePath);
  const result = indexKnowledge(db, knowledge, { force: process.argv.includes('--force') });
  db.close();
  const patient = knowledge.articles.filter((a) => a.audience === 'patient').length;
  console.log(
    `${result.rebuilt ? 'Rebuilt' : 'Already current:'} ${result.articles} articles (${patient} patient, ${result.articles - patient} nurse), ` +
      `${result.chunks} chunks, ${knowledge.lexicon.length} lexicon concepts, ${knowledge.redFlags.length} red-flag rules -> ${config.databasePath}`,
  );
} catch (err) {
  if (err instanceof KnowledgeError) {
    console.error(`Knowledge error in ${err.file}:\n  - ${err.problems.join('\n  - ')}`);
    process.exit(1);
  }
  throw err;
}
