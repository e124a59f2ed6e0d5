import matter from 'gray-matter';
import YAML from 'yaml';
import { basename, extname } from 'node:path';
import { articleText, formatViolations, type ContentChecker } from '../safety';
import { KnowledgeError, parseArticle, type Article } from './load';

/** What the import makes of one clinic document. */
export type ImportedDocument = { id: string; markdown: string; warnings: string[] };

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'document';

const NAMED: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
  });

// Anything shaped like a tag, comment or declaration, removed until none is left: `&lt;script&gt;` decodes to
// markup, and `<scr<b>ipt>` becomes markup once its inner tag is gone.
const TAG = /<\/?[a-z!?][^<>]*>/gi;
function stripTags(s: string): string {
  let prev;
  do {
    prev = s;
    s = s.replace(TAG, '');
  } while (s !== prev);
  return s;
}

/**
 * Markdown links and images whose address is not http(s) or relative (`javascript:`, `data:`, `vbscript:`,
 * `file:` ...) keep their text and lose the address. The article page's sanitizer would drop them too; an
 * imported file should not carry them in the first place.
 */
export function neutraliseLinks(markdown: string): { markdown: string; removed: number } {
  let removed = 0;
  const out = markdown.replace(/(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g, (m, _bang: string, text: string, url: string) => {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
    if (!scheme || scheme === 'http' || scheme === 'https') return m;
    removed++;
    return text;
  });
  return { markdown: out, removed };
}

/**
 * HTML to Markdown-ish text: headings become `##`, list items `-`, everything else plain text. Scripts and
 * styles are dropped; no markup survives, so an imported page can never inject HTML into the article page.
 */
export function htmlToMarkdown(html: string): { title?: string; body: string } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|head|nav|footer)[\s\S]*?<\/\1>/gi, '')
    .replace(/<h1[^>]*>[\s\S]*?<\/h1>/i, '')
    .replace(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/gi, (_, t) => `\n\n## ${t.replace(/<[^>]+>/g, '').trim()}\n\n`)
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/gi, (_, t) => `\n- ${t.replace(/<[^>]+>/g, '').trim()}`)
    .replace(/<(br|p|\/p|\/div|\/tr|\/ul|\/ol)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((l) => stripTags(decode(l)).replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title: title && stripTags(decode(title.replace(/<[^>]+>/g, ''))).trim(), body };
}

/**
 * Turns a clinic's Markdown, text or HTML document into a library article under articles/local/. Missing
 * front matter fields get a clear warning and a safe default, never a crash: the title falls back to the first
 * heading or the file name, the audience to nurse, the source to the clinic's own document.
 */
export function importDocument(file: string, raw: string, today: string): ImportedDocument {
  const warnings: string[] = [];
  const ext = extname(file).toLowerCase();
  let data: Record<string, unknown> = {};
  let body = raw;
  if (ext === '.html' || ext === '.htm') {
    const converted = htmlToMarkdown(raw);
    body = converted.body;
    if (converted.title) data.title = converted.title;
  } else if (ext === '.md' || ext === '.markdown') {
    try {
      const parsed = matter(raw, { engines: { yaml: (s: string) => YAML.parse(s) as object } });
      data = parsed.data;
      body = parsed.content;
    } catch (err) {
      warnings.push(`front matter is not valid YAML (${(err as Error).message.split('\n')[0]}); it was ignored`);
    }
  }
  body = body.replace(/\r\n/g, '\n').trim();
  const links = neutraliseLinks(body);
  body = links.markdown;
  if (links.removed) warnings.push(`${links.removed} link(s) to something other than a web address were reduced to their text`);
  const firstHeading = /^#{1,2}\s+(.+)$/m.exec(body)?.[1];
  const title = typeof data.title === 'string' && data.title.trim() ? data.title.trim() : firstHeading ?? basename(file, ext).replace(/[-_]+/g, ' ');
  if (typeof data.title !== 'string') warnings.push(`title missing: using "${title}"`);
  const id = typeof data.id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(data.id) ? data.id : `local-${slug(title).replace(/^local-/, "")}`;
  if (typeof data.id !== 'string') warnings.push(`id missing: using "${id}"`);
  const audience = data.audience === 'patient' ? 'patient' : 'nurse';
  if (data.audience !== 'patient' && data.audience !== 'nurse') warnings.push('audience missing: using "nurse"');
  const paragraphs = body.replace(/^#+ .*$/gm, '').split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const summary = typeof data.summary === 'string' && data.summary.length >= 10 ? data.summary : (paragraphs[0] ?? title).replace(/\s+/g, ' ').slice(0, 200);
  if (typeof data.summary !== 'string') warnings.push('summary missing: using the first paragraph');
  const sources = Array.isArray(data.sources) && data.sources.length ? data.sources : [{ name: `Clinic document: ${basename(file)}` }];
  if (!Array.isArray(data.sources)) warnings.push('sources missing: citing the clinic document itself');
  const reviewed = typeof data.last_reviewed === 'string' || data.last_reviewed instanceof Date ? data.last_reviewed : today;
  if (!data.last_reviewed) warnings.push(`last_reviewed missing: using the import date ${today}; set the real review date`);
  // Headings one level up become sections, so retrieval can cite a part of a long protocol.
  const markdown = body.replace(/^# (.+)$/gm, '## $1');
  const front = YAML.stringify({
    id,
    title,
    audience,
    summary: summary.length >= 10 ? summary : `${title} (clinic document)`,
    synonyms: Array.isArray(data.synonyms) ? data.synonyms : [],
    sources,
    last_reviewed: reviewed instanceof Date ? reviewed.toISOString().slice(0, 10) : reviewed,
  });
  return { id, markdown: `---\n${front}---\n\n${markdown || summary}\n`, warnings };
}

/** What happens to an imported document: it joins the library, or it is quarantined with the reasons. */
export type ImportVerdict = { ok: true; article: Article } | { ok: false; problems: string[] };

/**
 * The gate every imported document passes before it is written to articles/local/: it must validate as an article,
 * not reuse a library id, and pass the content checks every answer passes (no dose above the maximum, no "no need
 * to see a doctor" about a red-flag symptom, no instructions to the assistant, no link that is not http(s)).
 */
export function screenImport(doc: ImportedDocument, options: { checker: ContentChecker; libraryIds: Set<string> }): ImportVerdict {
  let article: Article;
  try {
    article = parseArticle(`knowledge/articles/local/${doc.id}.md`, doc.markdown, 'local');
  } catch (err) {
    if (err instanceof KnowledgeError) return { ok: false, problems: err.problems };
    throw err;
  }
  const problems: string[] = [];
  if (options.libraryIds.has(article.id)) problems.push(`id: "${article.id}" is a library article's id; give the document its own id`);
  problems.push(...formatViolations(options.checker.check(articleText(article))));
  return problems.length ? { ok: false, problems } : { ok: true, article };
}
