/**
 * `npm run kb:import -- <folder>`: brings a clinic's own Markdown, text and HTML guidance into
 * knowledge/articles/local/ (front matter optional; each missing field is a warning, not a crash). Every document
 * passes the same checks as every answer first (server/safety): one that does not validate, reuses a library id,
 * states a dose above the maximum, says "no need to see a doctor" about a red-flag symptom, gives instructions to
 * the assistant or links anywhere but http(s) is quarantined in knowledge/quarantine/ with a report, and never
 * served. Exit code 0 when every document was imported, 1 when any was quarantined, 2 on bad usage. The server
 * re-indexes on its next start (or run `npm run kb:build`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { loadConfig } from '../server/config';
import { importDocument, screenImport } from '../server/knowledge/import';
import { KnowledgeError, loadKnowledge } from '../server/knowledge/load';
import { languageFor } from '../server/language/setup';
import { contentCheckerFor } from '../server/safety';

const folder = process.argv[2];
if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('usage: npm run kb:import -- <folder with .md, .txt or .html files>');
  process.exit(2);
}
const config = loadConfig();
const target = join(config.knowledgeDir, 'articles', 'local');
const quarantine = join(config.knowledgeDir, 'quarantine');
mkdirSync(target, { recursive: true });
const today = new Date().toISOString().slice(0, 10);

let knowledge;
try {
  knowledge = loadKnowledge(config.knowledgeDir);
} catch (err) {
  if (err instanceof KnowledgeError) {
    console.error(`The library does not validate, so nothing was imported:\n  ${err.file}: ${err.problems.join('\n  - ')}`);
    process.exit(1);
  }
  throw err;
}
const checker = contentCheckerFor(knowledge, languageFor(knowledge));
const libraryIds = new Set(knowledge.articles.filter((a) => a.origin === 'library').map((a) => a.id));

let imported = 0;
let held = 0;
for (const name of readdirSync(folder).sort()) {
  const file = join(folder, name);
  if (!statSync(file).isFile() || !['.md', '.markdown', '.txt', '.html', '.htm'].includes(extname(name).toLowerCase())) {
    console.warn(`skip ${name}: not a Markdown, text or HTML file`);
    continue;
  }
  const doc = importDocument(name, readFileSync(file, 'utf8'), today);
  const verdict = screenImport(doc, { checker, libraryIds });
  if (!verdict.ok) {
    held++;
    mkdirSync(quarantine, { recursive: true });
    writeFileSync(join(quarantine, `${doc.id}.md`), doc.markdown);
    const report = [`${name} -> quarantined (knowledge/quarantine/${doc.id}.md); it will not be served.`, ...verdict.problems.map((p) => `  - ${p}`)];
    writeFileSync(join(quarantine, `${doc.id}.report.txt`), `${report.join('\n')}\n`);
    console.error(`QUARANTINED ${report.join('\n')}`);
    if (existsSync(join(target, `${doc.id}.md`))) console.error(`  The earlier version in articles/local/${doc.id}.md stays in use until this one is fixed and imported again.`);
    continue;
  }
  writeFileSync(join(target, `${doc.id}.md`), doc.markdown);
  // A document fixed after a quarantine leaves it.
  rmSync(join(quarantine, `${doc.id}.md`), { force: true });
  rmSync(join(quarantine, `${doc.id}.report.txt`), { force: true });
  imported++;
  console.log(`imported ${name} -> articles/local/${doc.id}.md`);
  for (const w of doc.warnings) console.warn(`  warning: ${w}`);
}
const after = loadKnowledge(config.knowledgeDir);
console.log(
  `${imported} document(s) imported, ${held} quarantined; the library now has ${after.articles.length} articles. Run npm run kb:build (or restart) to index them.`,
);
process.exit(held ? 1 : 0);
