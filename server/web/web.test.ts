import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from './build';
import { createWebRouter } from './serve';

const root = mkdtempSync(join(tmpdir(), 'web-'));
const src = join(root, 'src');
const dist = join(root, 'dist');
mkdirSync(join(src, 'pages', 'demo'), { recursive: true });
mkdirSync(join(src, 'shared'), { recursive: true });
writeFileSync(join(src, 'shared', 'greet.ts'), "export const greet = (n: string): string => `hello ${n}`;\n");
writeFileSync(join(src, 'pages', 'demo', 'style.css'), '.demo { color: rebeccapurple; }\n');
writeFileSync(join(src, 'pages', 'demo', 'main.ts'), "import './style.css';\nimport { greet } from '../../shared/greet';\ndocument.title = greet('demo');\n");
writeFileSync(join(root, 'demo.html'), '<!doctype html><title>x</title><!-- assets:demo --><p>demo</p>');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the browser bundles', () => {
  it('builds one content-hashed script and stylesheet per page, with gzip and brotli copies', () => {
    const m = ensureWebBuild({ srcDir: src, outDir: dist });
    expect(m.pages.demo.js).toMatch(/^demo-[A-Z0-9]+\.js$/i);
    expect(m.pages.demo.css).toMatch(/\.css$/);
    const js = readFileSync(join(dist, m.pages.demo.js), 'utf8');
    expect(js).toContain('hello');
    expect(gunzipSync(readFileSync(join(dist, `${m.pages.demo.js}.gz`))).toString()).toBe(js);
    expect(brotliDecompressSync(readFileSync(join(dist, `${m.pages.demo.js}.br`))).toString()).toBe(js);
    expect(m.inputs.some((f) => f.endsWith('greet.ts'))).toBe(true);
  });

  it('is not rebuilt while nothing changed, and is when a module a page imports changes', () => {
    const first = ensureWebBuild({ srcDir: src, outDir: dist });
    expect(ensureWebBuild({ srcDir: src, outDir: dist }).inputHash).toBe(first.inputHash);
    writeFileSync(join(src, 'shared', 'greet.ts'), "export const greet = (n: string): string => `hi there ${n}`;\n");
    const second = ensureWebBuild({ srcDir: src, outDir: dist });
    expect(second.inputHash).not.toBe(first.inputHash);
    expect(readFileSync(join(dist, second.pages.demo.js), 'utf8')).toContain('hi there');
    expect(existsSync(join(dist, first.pages.demo.js)) && first.pages.demo.js !== second.pages.demo.js).toBe(false);
  });

  it('serves the assets immutable and compressed, and a page with its tags', async () => {
    const manifest = ensureWebBuild({ srcDir: src, outDir: dist });
    const app = express().use(createWebRouter({ webDir: root, distDir: dist, manifest, pages: { '/demo': { file: 'demo.html', page: 'demo' } } }));
    const server = app.listen(0);
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const asset = await fetch(`${url}/assets/${manifest.pages.demo.js}`, { headers: { 'accept-encoding': 'br' } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-encoding')).toBe('br');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      const page = await (await fetch(`${url}/demo`)).text();
      expect(page).toContain(`<script src="/assets/${manifest.pages.demo.js}" defer></script>`);
      expect(page).toContain(`/assets/${manifest.pages.demo.css}`);
      expect((await fetch(`${url}/assets/nope.js`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
