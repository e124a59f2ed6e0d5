import { Marked } from 'marked';
import type { ArticleRow } from '../db/store';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// Raw HTML inside Markdown is shown as text: imported clinic documents are not trusted to carry markup.
const marked = new Marked({ renderer: { html: ({ text }) => escapeHtml(text) } });

const safeUrl = (u?: string) => (u && /^https?:\/\//.test(u) ? u : undefined);

/** The page a citation links to: the article, its sources and its review date. */
export function renderArticlePage(a: ArticleRow): string {
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
${marked.parse(a.body) as string}
<section class="sources"><h2>Sources</h2><ul>${sources}</ul>
<p class="reviewed">Last reviewed: <time datetime="${escapeHtml(a.lastReviewed)}">${escapeHtml(a.lastReviewed)}</time></p></section>
<p class="disclaimer">General information, not a diagnosis. If you are worried, contact a clinician; in an emergency call the emergency number.</p>
</main></body></html>`;
}
