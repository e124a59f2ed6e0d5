import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's folder, found from this module's place: the nearest folder above it with a package.json. The same
 * answer whether the code runs from its TypeScript sources (`server/*.ts`, under tsx or vitest) or from the
 * compiled bundle (`dist/main.js`, what `npm start` runs), so files read at run time (migrations, web/, prompts)
 * are found by one rule.
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = projectRoot();
