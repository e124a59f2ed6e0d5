import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';

const frontMatter = z.object({ name: z.string(), version: z.number().int(), inputs: z.array(z.string()) });

export type PromptFile = z.infer<typeof frontMatter> & { template: string; render(values: Record<string, string>): string };

// gray-matter and yaml are loaded with the first prompt read (only a server with an LLM reads them).
const require = createRequire(import.meta.url);

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Loads a prompt file and checks that its placeholders are exactly its declared inputs. */
export function loadPrompt(dir: string, name: string): PromptFile {
  const file = join(dir, `${name}.md`);
  const matter: typeof import('gray-matter') = require('gray-matter');
  const YAML: typeof import('yaml') = require('yaml');
  const parsed = matter(readFileSync(file, 'utf8'), { engines: { yaml: (s: string) => YAML.parse(s) as object } });
  const fm = frontMatter.parse(parsed.data);
  const template = parsed.content.trim();
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const declared = new Set(fm.inputs);
  const missing = [...used].filter((u) => !declared.has(u));
  const unused = [...declared].filter((d) => !used.has(d));
  if (missing.length || unused.length) {
    throw new Error(`${file}: placeholders ${missing.join(', ') || '-'} are not declared; inputs ${unused.join(', ') || '-'} are not used`);
  }
  return {
    ...fm,
    template,
    // Values are inserted in one pass, so text inside a value (user or source text) is never re-expanded.
    render: (values) => template.replace(PLACEHOLDER, (_, key: string) => values[key] ?? ''),
  };
}

export type Prompts = { patient: PromptFile; nurse: PromptFile };

export function loadPrompts(dir: string): Prompts {
  return { patient: loadPrompt(dir, 'patient-answer'), nurse: loadPrompt(dir, 'nurse-answer') };
}
