import type sanitizeHtml from 'sanitize-html';
import type { ArticleRow } from '../db/knowledge-index';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const safeUrl = (u?: string) => (u && /^https?:\/\//.test(u) ? u : undefined);

/**
 * The rendered Markdown goes through sanitize-html: only the elements Markdown produces, links only to http(s)
 * or relative addresses (`javascript:`, `data:`, `vbscript:` and protocol-relative `//host` links lose their
 * href), no attributes that run code or style. The Content-Security-Policy stays as the last line, not the only one.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
    'strong', 'em', 'del', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'], input: ['type', 'checked', 'disabled'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    // Only task-list checkboxes survive as inputs, and they cannot be used.
    input: (tagName, attribs) => ({ tagName, attribs: attribs.type === 'checkbox' ? { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } : {} }),
    a: (tagName, attribs) => ({ tagName, attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs }),
  },
};

export type ArticleRenderer = {
  /** Markdown to the HTML an article page may carry. */
  renderMarkdown(markdown: string): string;
  /** The page a citation links to: the article, its sources and its review date. */
  renderArticlePage(a: ArticleRow): string;
};

/**
 * The renderer, with marked and sanitize-html imported here rather than at start-up: only the article pages use
 * them (about 15 MB of RSS and 0.15 s of start together), so a server loads them at the first page asked for.
 */
export async function createArticleRenderer(): Promise<ArticleRenderer> {
  const [{ Marked }, { default: sanitize }] = await Promise.all([import('marked'), import('sanitize-html')]);
  // Raw HTML inside Markdown is shown as text: imported clinic documents are not trusted to carry markup.
  const marked = new Marked({ renderer: { html: ({ text }) => escapeHtml(text) } });
  const renderMarkdown = (markdown: string) => sanitize(marked.parse(markdown) as string, SANITIZE);
  return { renderMarkdown, renderArticlePage: (a) => articlePage(a, renderMarkdown) };
}

function articlePage(a: ArticleRow, renderMarkdown: (markdown: string) => string): string {
  const sources = a.sources
    .map((s) => {
      const url = safeUrl(s.url);
      return `<li>${url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(s.name)}</a>` : escapeHtml(s.name)}</li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(a.title)} - Careline library</title><link rel="stylesheet" href="/article.css"></head>
<body><main class="article">
<p class="audience">${a.audience === 'nurse' ? 'Guideline summary for nurses' : 'Patient information'}</p>
<h1>${escapeHtml(a.title)}</h1>
<p class="summary">${escapeHtml(a.summary)}</p>
${renderMarkdown(a.body)}
<section class="sources"><h2>Sources</h2><ul>${sources}</ul>
<p class="reviewed">Last reviewed: <time datetime="${escapeHtml(a.lastReviewed)}">${escapeHtml(a.lastReviewed)}</time></p></section>
<p class="disclaimer">General information, not a diagnosis. If you are worried, contact a clinician; in an emergency call the emergency number.</p>
</main></body></html>`;
}
