import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync } from 'node:zlib';

// esbuild (about 11 MB of RSS and 75 ms of start) is loaded only when the bundles are built; a start that finds
// them current reads its version from its package.json (the same string as the API's `version`).
const require = createRequire(import.meta.url);
const esbuild = (): typeof import('esbuild') => require('esbuild');
let esbuildVersion: string | undefined;
const versionOfEsbuild = () => (esbuildVersion ??= (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version);

/**
 * The browser code: TypeScript under `web/src`, one bundle per page. Each folder `web/src/pages/<name>/` with a
 * `main.ts` is a page entry (`widget`, `nurse`, `qa`, ...); the rest of `web/src` is shared modules. Bundles are
 * written to `web/dist` with content hashes in their names, plus gzip and brotli copies, and a manifest that maps a
 * page's name to its files. Built on start when the sources changed (a hash of every source file and the esbuild
 * version), so a newcomer never runs a separate step; `npm run build:web` builds on purpose.
 */
export type WebManifest = {
  /** Hash of the sources the bundles were built from: every file under web/src and every file they import. */
  inputHash: string;
  /** The files the bundles were built from, relative to the repository (what the next start checks). */
  inputs: string[];
  /** Page name -> its files under /assets/ ({ js, css? }), and their sizes. */
  pages: Record<string, { js: string; css?: string; bytes: number; gzipBytes: number }>;
};

export type WebBuildOptions = { srcDir: string; outDir: string; minify?: boolean };

const MANIFEST = 'manifest.json';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The pages under `srcDir/pages`: every folder with a main.ts. */
export function webEntries(srcDir: string): Record<string, string> {
  const pages = join(srcDir, 'pages');
  if (!existsSync(pages)) return {};
  const out: Record<string, string> = {};
  for (const name of readdirSync(pages)) {
    const main = join(pages, name, 'main.ts');
    if (existsSync(main)) out[name] = main;
  }
  return out;
}

/**
 * The hash of every source file under srcDir, the other files the last build read (the server modules a page shares,
 * such as the calculators), by path and content, and esbuild's version.
 */
export function webInputHash(srcDir: string, inputs: string[] = []): string {
  const hash = createHash('sha256').update(versionOfEsbuild());
  const files = new Set([...listFiles(srcDir), ...inputs.map((f) => resolve(f)).filter((f) => existsSync(f))]);
  for (const file of [...files].sort()) hash.update(relative(srcDir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export function readManifest(outDir: string): WebManifest | null {
  try {
    return JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as WebManifest;
  } catch {
    return null;
  }
}

/**
 * Builds the bundles when the sources changed since the last build (or when `force`); returns the manifest. The new
 * build goes to a temporary folder renamed into place, so a server reading `outDir` never sees half a build and two
 * processes starting together do not mix their files.
 */
export function ensureWebBuild(options: WebBuildOptions & { force?: boolean }): WebManifest {
  const srcDir = resolve(options.srcDir);
  const outDir = resolve(options.outDir);
  const current = readManifest(outDir);
  if (!options.force && current && current.inputHash === webInputHash(srcDir, current.inputs ?? [])) return current;

  const entries = webEntries(srcDir);
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  const pages: WebManifest['pages'] = {};
  let inputs: string[] = [];
  if (Object.keys(entries).length) {
    const result = esbuild().buildSync({
      entryPoints: entries,
      bundle: true,
      format: 'iife',
      target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
      minify: options.minify ?? true,
      sourcemap: false,
      legalComments: 'none',
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      outdir: tmp,
      metafile: true,
      logLevel: 'silent',
    });
    inputs = Object.keys(result.metafile!.inputs).filter((f) => !f.includes('node_modules')).map((f) => relative(process.cwd(), resolve(f)));
    for (const [file, meta] of Object.entries(result.metafile!.outputs)) {
      if (!meta.entryPoint || !file.endsWith('.js')) continue;
      const name = Object.entries(entries).find(([, main]) => resolve(main) === resolve(meta.entryPoint ?? ''))?.[0];
      if (!name) continue;
      const js = relative(tmp, resolve(file));
      const body = readFileSync(resolve(file));
      pages[name] = { js, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
      if (meta.cssBundle) pages[name].css = relative(tmp, resolve(meta.cssBundle));
    }
    // Precompressed copies: served as they are (express-static-gzip), never compressed per request.
    for (const file of listFiles(tmp)) {
      if (!/\.(js|css)$/.test(file)) continue;
      const body = readFileSync(file);
      writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      writeFileSync(`${file}.br`, brotliCompressSync(body));
    }
  }
  const manifest: WebManifest = { inputHash: webInputHash(srcDir, inputs), inputs, pages };
  writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2));
  // Another process may have finished the same build first: keep whichever is in place if it matches.
  if (readManifest(outDir)?.inputHash === manifest.inputHash) {
    rmSync(tmp, { recursive: true, force: true });
    return readManifest(outDir)!;
  }
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(tmp, outDir);
  } catch (err) {
    // Lost a race with another process's rename: theirs is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(outDir)) throw err;
  }
  rmSync(old, { recursive: true, force: true });
  return manifest;
}

/** Total size of the built files (for the bench and the README). */
export function builtSize(outDir: string): number {
  return listFiles(outDir).filter((f) => /\.(js|css)$/.test(f)).reduce((a, f) => a + statSync(f).size, 0);
}
