// Compiles the server (server/main.ts and everything it imports) into one ES module, dist/main.js, with esbuild, and
// the worker threads' entry (server/workers/turn-worker.ts) into dist/turn-worker.js beside it:
// `npm start` runs it with plain node, so no TypeScript is transpiled at start. Packages stay external (imported
// from node_modules as usual), but for the few in BUNDLED_PACKAGES, bundled with their own dependencies: see there.
// Plain JavaScript on purpose: it must run before anything is compiled. Used by scripts/start.mjs (on first start, and whenever a source is newer than the build)
// and by `npm install` (postinstall), so a newcomer never runs it by hand.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTFILE = join(ROOT, 'dist', 'main.js');
/** The worker threads' entry (server/workers/turn-worker.ts), beside the server's: the pool starts it from there. */
export const WORKER_OUTFILE = join(ROOT, 'dist', 'turn-worker.js');

/** The newest modification time among the sources the bundle is made of (server/**.ts and the build settings). */
function newestSource(dir = join(ROOT, 'server')) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function isStale() {
  if (!existsSync(OUTFILE) || !existsSync(WORKER_OUTFILE)) return true;
  const built = Math.min(statSync(OUTFILE).mtimeMs, statSync(WORKER_OUTFILE).mtimeMs);
  const settings = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-server.mjs'].map((f) => join(ROOT, f)).filter(existsSync).map((f) => statSync(f).mtimeMs);
  return Math.max(newestSource(), ...settings) > built;
}

/**
 * Packages compiled into the bundle, with everything they import, rather than loaded from node_modules: Express
 * (about 70 CommonJS files) and zod (about 100 ES modules) are loaded before the server listens, and finding,
 * reading and compiling each file of them took 0.25-0.3 s of every start on this 2-core machine; one bundled file
 * takes 0.13 s. Same code, same versions (package-lock.json is one of the build's settings, so an upgrade rebuilds).
 * Only packages that read no files of their own by path (`__dirname`, `require.resolve`) may be listed: word-list,
 * socket.io (it serves the client's file) and the native better-sqlite3 stay external.
 */
export const BUNDLED_PACKAGES = new Set(['express', 'zod']);

/** The package a bare import names (`zod`, `zod/v4`, `@scope/name/x` -> `@scope/name`); null for a path or a built-in. */
function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** esbuild plugin: every package external, except BUNDLED_PACKAGES and what they import. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageOf(args.path);
      if (name === null || BUNDLED_PACKAGES.has(name) || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** esbuild's options for the server's build (exported for the test that checks what is bundled). */
export function serverBuildOptions() {
  return {
    entryPoints: { main: join(ROOT, 'server', 'main.ts'), 'turn-worker': join(ROOT, 'server', 'workers', 'turn-worker.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externalPackages],
    // The bundled packages are CommonJS in part (Express): in an ES module their `require` of node's built-ins needs
    // a real `require`.
    banner: { js: 'import { createRequire as __bundledPackagesRequire } from "node:module"; const require = __bundledPackagesRequire(import.meta.url);' },
    // Split: a module imported with `import()` stays its own file, loaded when it is imported (the offline composer's
    // LangChain class, the OpenAI chain), and the code both entries share is one file. Chunks sit beside the entries:
    // modules find files from `import.meta.dirname` (dist/).
    splitting: true,
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    outdir: dirname(OUTFILE),
    write: false,
    logLevel: 'error',
  };
}

export async function buildServer() {
  // Imported here: `npm start` imports this file to check the build, and a current build needs no esbuild (about
  // 11 MB of RSS the server would otherwise keep).
  const { build } = await import('esbuild');
  const result = await build(serverBuildOptions());
  mkdirSync(dirname(OUTFILE), { recursive: true });
  // The chunks first (content-hashed names, so an existing one is never changed under a running server; old ones are
  // left for a server still running from them), then the worker, then the server: a server that starts between the
  // renames finds everything it imports already there.
  const order = (f) => (f.path.endsWith(OUTFILE) || f.path.endsWith(`${OUTFILE}.map`) ? 2 : f.path.includes('turn-worker') ? 1 : 0);
  result.outputFiles.sort((a, b) => order(a) - order(b));
  // Written beside and renamed: two instances starting at once never read a half-written bundle.
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

/** Builds when there is no build or a source changed since; returns whether it built. */
export async function ensureServerBuild() {
  if (!isStale()) return false;
  await buildServer();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // As `postinstall`, also where only the dependencies are installed (a container's dependency layer): nothing to build yet.
  if (!existsSync(join(ROOT, 'server', 'main.ts'))) process.exit(0);
  const t = Date.now();
  await buildServer();
  console.log(`built ${OUTFILE.slice(ROOT.length + 1)} in ${Date.now() - t} ms`);
}
