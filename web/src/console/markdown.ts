import { h, type Child } from './dom';

/**
 * The Markdown subset the library and the replies use, built as DOM nodes (never parsed as HTML): `##`/`###`
 * headings, `-`/`*` and `1.` lists, paragraphs, `**bold**`, and `[n]` citation markers (given to `cite`, which makes
 * the link). Anything else is text.
 */
export function renderMarkdown(text: string, options: { headingLevel?: 2 | 3 | 4; cite?: (n: number) => Child } = {}): DocumentFragment {
  const out = document.createDocumentFragment();
  const base = options.headingLevel ?? 3;
  let list: HTMLUListElement | HTMLOListElement | null = null;
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.appendChild(h('p', null, inline(para.join(' '), options.cite)));
    para = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      list = null;
      const level = Math.min(6, base + Math.max(0, heading[1].length - 2));
      out.appendChild(h(`h${level}` as 'h3', null, inline(heading[2], options.cite)));
    } else if (bullet || numbered) {
      flush();
      const kind = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== kind) list = out.appendChild(h(kind));
      list.appendChild(h('li', null, inline((bullet ?? numbered)![1], options.cite)));
    } else if (!line.trim()) {
      flush();
      list = null;
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return out;
}

/** `**bold**` and `[n]` markers inside a line. */
function inline(text: string, cite?: (n: number) => Child): Child[] {
  const parts: Child[] = [];
  const re = /\*\*([^*]+)\*\*|\[(\d{1,2})\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(h('strong', null, m[1]));
    else parts.push(cite ? cite(Number(m[2])) : m[0]);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
