/** `npm run kb:build`: validates knowledge/ and rebuilds the SQLite index (also done by `npm start` on change). */
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { indexKnowledge } from '../server/knowledge/ingest';
import { KnowledgeError, loadKnowledge } from '../server/knowledge/load';

const config = loadConfig();
try {
  const knowledge = loadKnowledge(config.knowledgeDir);
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
