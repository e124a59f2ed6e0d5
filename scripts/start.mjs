#!/usr/bin/env node
// `npm start`: runs the compiled server (dist/main.js), building it first when it is missing or older than a
// source (a fresh clone, a `git pull`, an edit). The server runs in this very process, so signals reach it
// directly: `node scripts/start.mjs` is also what a container runs as PID 1. `npm run dev` runs the TypeScript
// sources under tsx instead.
import { pathToFileURL } from 'node:url';
import { ensureServerBuild, OUTFILE } from './build-server.mjs';

await ensureServerBuild();
await import(pathToFileURL(OUTFILE).href);
