import type { CitationPayload } from '../../../../server/contracts/chat';
import { append, asString, el } from '../../shared/dom';

/** Article ids the widget links to (/articles/<id>): nothing else becomes a link. */
const ID_PATTERN = /^[a-z0-9-]+$/;

export function isUsableCitation(c: unknown): c is CitationPayload {
  const x = c as CitationPayload | null;
  return !!x && Number.isInteger(x.n) && typeof x.articleId === 'string' && ID_PATTERN.test(x.articleId);
}

export function articleHref(origin: string, articleId: string): string | null {
  return ID_PATTERN.test(articleId) && articleId !== 'clinic' ? `${origin}/articles/${articleId}` : null;
}

/**
 * A reply as DOM nodes: a small, safe subset of Markdown (paragraphs, "- " and "1. " lists, **bold**, "## " headings)
 * and citation markers [1] / [1, 2].
 */
export function renderReply(origin: string, container: HTMLElement, text: string, citations: CitationPayload[]): void {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  let paragraph: HTMLElement | null = null;
  let list: HTMLElement | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = line.trim();
    const bullet = /^(?:[-*\u2022])\s+(.*)$/.exec(trimmed);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
    const heading = /^#{1,6}\s+(.*)$/.exec(trimmed);
    if (!trimmed) {
      paragraph = null;
      list = null;
    } else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = el(tag);
        container.appendChild(list);
      }
      paragraph = null;
      const item = el('li');
      renderInline(origin, item, (bullet ?? numbered)![1], byNumber);
      list.appendChild(item);
    } else if (heading) {
      paragraph = null;
      list = null;
      const h = el('p', { class: 'cl-reply-heading' });
      renderInline(origin, h, heading[1], byNumber);
      container.appendChild(h);
    } else {
      list = null;
      if (paragraph) paragraph.appendChild(el('br'));
      else {
        paragraph = el('p');
        container.appendChild(paragraph);
      }
      renderInline(origin, paragraph, trimmed, byNumber);
    }
  }
}

function renderInline(origin: string, parent: HTMLElement, text: string, byNumber: Map<number, CitationPayload>): void {
  const pattern = /\[(\d+(?:\s*,\s*\d+)*)\]|\*\*([^*]+)\*\*/g;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    append(parent, text.slice(last, match.index));
    if (match[2] !== undefined) {
      parent.appendChild(el('strong', null, match[2]));
    } else {
      const numbers = match[1].split(',').map((n) => Number(n.trim()));
      if (numbers.every((n) => byNumber.has(n))) numbers.forEach((n) => parent.appendChild(citationLink(origin, byNumber.get(n)!)));
      else append(parent, match[0]);
    }
    last = pattern.lastIndex;
  }
  append(parent, text.slice(last));
}

function citationLink(origin: string, citation: CitationPayload): HTMLElement {
  const title = asString(citation.title) || citation.articleId;
  const href = articleHref(origin, citation.articleId);
  return el(
    href ? 'a' : 'span',
    {
      class: 'cl-cite',
      href,
      target: href ? '_blank' : null,
      rel: href ? 'noopener noreferrer' : null,
      'data-testid': 'citation-link',
      // The sources list under the answer is the keyboard's way to each article: the inline markers are not one tab
      // stop each.
      tabindex: '-1',
      'aria-label': `Source ${citation.n}: ${title}${href ? ' (opens in a new tab)' : ''}`,
    },
    `[${citation.n}]`,
  );
}

/** "NHS - Sunburn" for the article "Sunburn" reads as "NHS": the title is already shown. */
function sourceName(source: unknown, title: string): string {
  let name = asString(source).trim();
  const suffix = ` - ${title.toLowerCase()}`;
  if (name.toLowerCase().endsWith(suffix) && name.length > suffix.length) name = name.slice(0, -suffix.length);
  return name;
}

/** One line per source: the server numbers each cited passage, so one article can carry several numbers. */
export function renderSources(origin: string, citations: CitationPayload[]): HTMLElement {
  const groups: { citation: CitationPayload; numbers: number[] }[] = [];
  const byArticle = new Map<string, { citation: CitationPayload; numbers: number[] }>();
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    let group = byArticle.get(c.articleId);
    if (!group) {
      group = { citation: c, numbers: [] };
      byArticle.set(c.articleId, group);
      groups.push(group);
    }
    if (!group.numbers.includes(c.n)) group.numbers.push(c.n);
  }
  const items = groups.map(({ citation: c, numbers }) => {
    const title = asString(c.title) || c.articleId;
    const source = sourceName(c.source, title);
    const label = `[${numbers.join(', ')}] ${title}${source ? ` - ${source}` : ''}`;
    const href = articleHref(origin, c.articleId);
    return el(
      'li',
      null,
      href
        ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'source-link' }, label, el('span', { class: 'cl-visually-hidden' }, ' (opens in a new tab)'))
        : el('span', { 'data-testid': 'source-link' }, label),
    );
  });
  return el('div', { class: 'cl-sources', 'data-testid': 'sources' }, el('p', { class: 'cl-sources-title' }, 'Sources:'), el('ol', { class: 'cl-sources-list' }, items));
}
