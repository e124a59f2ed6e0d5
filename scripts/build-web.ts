// npm run build:web: bundles web/src (one file per page) into web/dist and prints each page's size. `npm start`
// does the same when the sources changed; this forces it.
import { join } from 'node:path';
import { ensureWebBuild } from '../server/web/build';

const web = join(import.meta.dirname, '..', 'web');
const manifest = ensureWebBuild({ srcDir: join(web, 'src'), outDir: join(web, 'dist'), force: process.argv.includes('--force') });
const rows = Object.entries(manifest.pages).map(([page, p]) => ({ page, js: p.js, css: p.css ?? '', kB: +(p.bytes / 1024).toFixed(1), gzipKB: +(p.gzipBytes / 1024).toFixed(1) }));
if (rows.length) console.table(rows);
else console.log('no pages under web/src/pages/<name>/main.ts');
