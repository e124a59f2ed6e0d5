import { describe, expect, it } from 'vitest';
import type { ArticleRow } from '../db/knowledge-index';
import { createArticleRenderer } from './article-page';

const { renderArticlePage, renderMarkdown } = await createArticleRenderer();

const hrefs = (html: string) => [...html.matchAll(/<a\s[^<>]*href="([^"]*)"/g)].map((m) => m[1]);

describe('article Markdown rendering', () => {
  it.each([
    ['[click](javascript:alert(1))'],
    ['[click](JaVaScRiPt:alert(1))'],
    ['[click](javascript&#58;alert(1))'],
    ['[click](java\tscript:alert(1))'],
    ['[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['[click](vbscript:msgbox(1))'],
    ['[click](//evil.example/x)'],
    ['<a href="javascript:alert(1)">click</a>'],
    ['[click][ref]\n\n[ref]: javascript:alert(1)'],
    ['<javascript:alert(1)>'],
  ])('writes no live link for %j', (markdown) => {
    const html = renderMarkdown(markdown);
    for (const h of hrefs(html)) expect(h).toMatch(/^(https?:\/\/|\/(?!\/)|#|[a-z0-9-]+$)/i);
    expect(html).not.toMatch(/<script|<a [^>]*on\w+=/i);
  });

  it('keeps http(s) and relative links, and marks external ones noopener', () => {
    const html = renderMarkdown('[NHS](https://www.nhs.uk/conditions/) and [sunburn](/articles/sunburn)');
    expect(hrefs(html)).toEqual(['https://www.nhs.uk/conditions/', '/articles/sunburn']);
    expect(html).toMatch(/rel="noopener noreferrer"/);
  });

  it('drops images (a data: image cannot sneak in) and shows raw HTML as text', () => {
    const html = renderMarkdown('![x](data:image/svg+xml,<svg onload=alert(1)>)\n\n<img src=x onerror=alert(1)><script>alert(2)</script>');
    expect(html).not.toMatch(/<img|<svg|<script/i);
    expect(html).toMatch(/&lt;script&gt;/);
  });

  it('keeps the structure a guideline uses: headings, lists, emphasis, tables', () => {
    const html = renderMarkdown('## When to get help\n\n- **Call 999** if *worse*\n1. first\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toMatch(/<h2>When to get help<\/h2>/);
    expect(html).toMatch(/<li><strong>Call 999<\/strong> if <em>worse<\/em><\/li>/);
    expect(html).toMatch(/<table>[\s\S]*<td>1<\/td>/);
  });

  it('renders a whole page with a hostile body safely', () => {
    const article: ArticleRow = {
      id: 'x', title: '<b>T</b>', audience: 'patient', summary: 's', synonyms: [], origin: 'local', lastReviewed: '2026-01-01',
      sources: [{ name: 'evil', url: 'javascript:alert(1)' }],
      body: '## A\n\n[x](javascript:alert(1)) <iframe src="https://evil.example"></iframe>',
    };
    const html = renderArticlePage(article);
    expect(html).not.toMatch(/href="javascript:|<iframe|<b>T<\/b>/i);
  });
});
