import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { WebManifest } from './build';

/** The tags a built page needs: its stylesheet and its script, by content-hashed name. */
export function assetTags(manifest: WebManifest, page: string): string {
  const p = manifest.pages[page];
  if (!p) return '';
  return `${p.css ? `<link rel="stylesheet" href="/assets/${p.css}">` : ''}<script src="/assets/${p.js}" defer></script>`;
}

/**
 * Serves the built browser code and the pages that use it:
 * - `/assets/*`: the bundles, content-hashed, cached for a year (immutable), brotli or gzip as the browser accepts,
 *   from the precompressed copies.
 * - `/widget.js`: the widget under the stable name a clinic's site embeds, revalidated on every load (ETag), so a
 *   new release reaches every site.
 * - HTML pages (`pages`: path -> file in `webDir`): a `<!-- assets:<page> -->` comment in the file becomes that
 *   page's tags.
 */
export function createWebRouter(deps: { webDir: string; distDir: string; manifest: WebManifest; pages?: Record<string, { file: string; page: string }> }): express.Router {
  const { manifest, distDir, webDir } = deps;
  const router = express.Router();
  router.use(
    '/assets',
    expressStaticGzip(distDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      serveStatic: { immutable: true, maxAge: '365d', index: false, fallthrough: false },
    }),
  );
  const widget = manifest.pages.widget;
  if (widget) {
    router.get('/widget.js', (req, res) => {
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepts) && existsSync(join(distDir, `${widget.js}.br`)) ? 'br' : /\bgzip\b/.test(accepts) && existsSync(join(distDir, `${widget.js}.gz`)) ? 'gzip' : null;
      const file = join(distDir, encoding === 'br' ? `${widget.js}.br` : encoding === 'gzip' ? `${widget.js}.gz` : widget.js);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Vary', 'Accept-Encoding');
      if (encoding) res.setHeader('Content-Encoding', encoding);
      res.type('application/javascript').sendFile(file, { lastModified: false, cacheControl: false });
    });
  }
  const rendered = new Map<string, string>();
  for (const [path, { file, page }] of Object.entries(deps.pages ?? {})) {
    router.get(path, (_req, res, next) => {
      const source = join(webDir, file);
      if (!existsSync(source)) return next();
      if (!rendered.has(path)) rendered.set(path, readFileSync(source, 'utf8').replace(`<!-- assets:${page} -->`, assetTags(manifest, page)));
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(rendered.get(path));
    });
  }
  return router;
}
