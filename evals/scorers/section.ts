import { contentWords, normalize, sentences, stripCitations } from '../text';
import type { CitationRef } from './citations';
import type { ScoreResult } from './types';

export type SectionDetails = {
  /** The section each reply sentence was quoted (or paraphrased) from, with the share of its words found there. */
  sentences: { sentence: string; article: string; section: string; overlap: number }[];
  /** Set when none of the articles considered has any of the wanted sections. */
  missing?: boolean;
};

/** `## Heading` sections of an article's Markdown text (title and summary before the first heading are left out). */
export function sectionsOf(text: string): { heading: string; text: string }[] {
  const out: { heading: string; text: string }[] = [];
  for (const part of text.split(/^##\s+/m).slice(1)) {
    const nl = part.indexOf('\n');
    out.push({ heading: (nl < 0 ? part : part.slice(0, nl)).trim(), text: nl < 0 ? '' : part.slice(nl + 1) });
  }
  return out;
}

/** "When to get help: Go to ..." -> "Go to ...": a short label before a colon is framing, not content. */
const LABEL = /^[A-Za-z][A-Za-z ,'-]{0,40}:\s+/;

/**
 * Intent section hit: does the reply say what the question type asks for? Each reply sentence is assigned to the
 * section of a cited article its words come from (a verbatim quote to its own section; otherwise the section with
 * the largest share of the sentence's content words, at least `threshold`). Pass when a sentence comes from one
 * of the wanted sections ("Causes" for "what causes ..."). Only articles the case lists as relevant count when the
 * reply cites one; a reply that cites none of them fails. Skipped when the question has no wanted section, and
 * when none of the relevant cited articles has such a section (a content gap, counted apart).
 */
export function scoreIntentSection(input: {
  reply: string;
  citations: CitationRef[];
  sections?: string[];
  relevant?: string[];
  articleText: Record<string, string>;
  threshold?: number;
}): ScoreResult<SectionDetails> {
  const wanted = input.sections;
  if (!wanted?.length) return { pass: true, score: 1, reason: 'no section expected', skipped: true };
  const cited = [...new Set(input.citations.map((c) => c.articleId))];
  const relevant = input.relevant?.length ? cited.filter((id) => input.relevant!.includes(id)) : cited;
  if (!relevant.length) {
    return { pass: false, score: 0, reason: cited.length ? `cites none of ${input.relevant!.join(', ')}` : 'cites nothing', details: { sentences: [] } };
  }
  const sections = relevant.flatMap((article) =>
    sectionsOf(input.articleText[article] ?? '').map((s) => ({ article, heading: s.heading, norm: normalize(s.text), words: new Set(contentWords(s.text)) })),
  );
  if (!sections.some((s) => wanted.includes(s.heading))) {
    return { pass: true, score: 1, reason: `${relevant.join(', ')} has no "${wanted.join('" or "')}" section`, skipped: true, details: { sentences: [], missing: true } };
  }
  const threshold = input.threshold ?? 0.6;
  const rows: SectionDetails['sentences'] = [];
  for (const s of sentences(input.reply)) {
    const sentence = stripCitations(s).replace(LABEL, '').trim();
    const claim = [...new Set(contentWords(sentence))];
    if (claim.length < 3) continue;
    const verbatim = sections.find((x) => x.norm.includes(normalize(sentence).replace(/[.!?]+$/, '')));
    if (verbatim) {
      rows.push({ sentence, article: verbatim.article, section: verbatim.heading, overlap: 1 });
      continue;
    }
    let best: { article: string; section: string; overlap: number } | undefined;
    for (const x of sections) {
      const overlap = claim.filter((w) => x.words.has(w)).length / claim.length;
      // Ties go to a wanted section: the sentence could have come from there.
      if (!best || overlap > best.overlap || (overlap === best.overlap && wanted.includes(x.heading) && !wanted.includes(best.section))) {
        best = { article: x.article, section: x.heading, overlap: Math.round(overlap * 1000) / 1000 };
      }
    }
    if (best && best.overlap >= threshold) rows.push({ sentence, ...best });
  }
  const hits = rows.filter((r) => wanted.includes(r.section));
  const pass = hits.length > 0;
  const said = [...new Set(rows.map((r) => r.section))];
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? `quotes "${hits[0].section}"` : `wanted "${wanted.join('" or "')}", the reply quotes ${said.length ? `"${said.join('", "')}"` : 'no section'}`,
    details: { sentences: rows },
  };
}
