import { createHash } from 'node:crypto';
import type { Article, Knowledge } from '../knowledge/load';
import type { Language } from '../language';
import { createContentChecker, redFlagConceptsOf, type ContentChecker, type Violation } from './content-checks';

export { createContentChecker, redFlagConceptsOf, type ContentChecker, type Violation } from './content-checks';

/** The content checker for a knowledge base: its red-flag rules and dose limits, read through its language layer. */
export function contentCheckerFor(knowledge: Knowledge, language: Language): ContentChecker {
  return createContentChecker({ language, redFlagConcepts: redFlagConceptsOf(knowledge.redFlags), doseLimits: knowledge.doseLimits });
}

/** The text of an article the checks read: title, summary and body. */
export const articleText = (a: Pick<Article, 'title' | 'summary' | 'body'>) => `${a.title}\n${a.summary}\n${a.body}`;

/** One line per problem, for the console and the logs. */
export function formatViolations(violations: Violation[]): string[] {
  return violations.map((v) => `${v.id}: ${v.reason}${v.evidence ? ` - "${v.evidence.replace(/\s+/g, ' ').slice(0, 160)}"` : ''}`);
}

/**
 * A clinic's own documents (origin `local`) go through the same checks as every answer before they can be served:
 * one that fails is taken out of the knowledge and listed in `quarantined`, so it is never indexed, retrieved or
 * cited, and the server still starts. The content hash changes with what was kept out, so the index follows.
 * The library's own articles are reviewed content and are not screened here (a test keeps them passing).
 */
export function screenLocalDocuments(knowledge: Knowledge, checker: ContentChecker): Knowledge {
  const out: Article[] = [];
  const quarantined = [...knowledge.quarantined];
  for (const a of knowledge.articles) {
    if (a.origin !== 'local') {
      out.push(a);
      continue;
    }
    const violations = checker.check(articleText(a));
    if (violations.length) quarantined.push({ file: a.path, id: a.id, problems: formatViolations(violations) });
    else out.push(a);
  }
  if (quarantined.length === knowledge.quarantined.length) return knowledge;
  const contentHash = createHash('sha256').update(knowledge.contentHash).update(quarantined.map((q) => q.file).join('\0')).digest('hex');
  return { ...knowledge, articles: out, quarantined, contentHash };
}
