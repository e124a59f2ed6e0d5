/**
 * `npm run kb:import -- <folder>`: brings a clinic's own Markdown, text and HTML guidance into
 * knowledge/articles/local/ (front matter optional; each missing field is a warning, not a crash), then
 * validates the whole library. The server re-indexes on its next start (or run `npm run kb:build`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { loadConfig } from '../server/config';
import { importDocument } from '../server/knowledge/import';
import { KnowledgeError, loadKnowledge } from '../server/knowledge/load';

const folder = process.argv[2];
if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('usage: npm run kb:import -- <folder with .md, .txt or .html files>');
  process.exit(2);
}
const config = loadConfig();
const target = join(config.knowledgeDir, 'articles', 'local');
mkdirSync(target, { recursive: true });
const today = new Date().toISOString().slice(0, 10);
let imported = 0;
for (const name of readdirSync(folder).sort()) {
  const file = join(folder, name);
  if (!statSync(file).isFile() || !['.md', '.markdown', '.txt', '.html', '.htm'].includes(extname(name).toLowerCase())) {
    console.warn(`skip ${name}: not a Markdown, text or HTML file`);
    continue;
  }
  const doc = importDocument(name, readFileSync(file, 'utf8'), today);
  writeFileSync(join(target, `${doc.id}.md`), doc.markdown);
  imported++;
  console.log(`imported ${name} -> articles/local/${doc.id}.md`);
  for (const w of doc.warnings) console.warn(`  warning: ${w}`);
}
try {
  const k = loadKnowledge(config.knowledgeDir);
  console.log(`${imported} document(s) imported; the library now has ${k.articles.length} articles. Run npm run kb:build (or restart) to index them.`);
} catch (err) {
  if (err instanceof KnowledgeError) {
    console.error(`The library does not validate after the import:\n  ${err.file}: ${err.problems.join('\n  - ')}`);
    process.exit(1);
  }
  throw err;
}
