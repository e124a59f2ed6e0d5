import { describe, expect, it } from 'vitest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { buildTriggerIndex, regexLeads } from './context';
import { tokenize } from './tokenize';
import { normalizeText } from './normalize';

describe('a trigger regex is only run where a word starts as its matches must', () => {
  it('reads the word starts of the usual forms, and gives none when it cannot be sure', () => {
    const wrap = (body: string) => new RegExp(`(?:^|\\s)(?:${body})(?=\\s|$)`, 'gi');
    expect(regexLeads(wrap('cannot\\sexclude'))).toEqual(['cannot']);
    expect(regexLeads(wrap('(is|was) negative'))).toEqual(['is', 'was']);
    expect(regexLeads(wrap('(?:no|nil) change'))).toEqual(['no', 'nil']);
    expect(regexLeads(wrap('no sign(s)?'))).toEqual(['no']);
    expect(regexLeads(wrap('signs? of'))).toEqual(['sign']);
    // Not sure: a top-level alternative, an optional first group, a leading escape or class, a lookbehind.
    expect(regexLeads(wrap('in childhood|childhood'))).toBeNull();
    expect(regexLeads(wrap('(a )?fortnight ago'))).toBeNull();
    expect(regexLeads(wrap('\\bno\\b'))).toBeNull();
    expect(regexLeads(wrap('[a-z]+ free'))).toBeNull();
    expect(regexLeads(wrap('(?<!since )\\b(19\\d\\d)\\b'))).toBeNull();
    expect(regexLeads(wrap('(\\d+|a few) weeks ago'))).toBeNull();
    expect(regexLeads(/(?:^|\s)(?:no)(?=\s|$)/g)).toBeNull(); // not case-insensitive
  });

  it('never leaves out a shipped regex rule that matches a sentence', () => {
    const index = buildTriggerIndex(testKnowledge().context);
    expect(index.regexLeads.size).toBeGreaterThan(index.regexRules.length / 2);
    const texts = [
      'PE is in the differential, cannot exclude a clot',
      'no longer seen on the scan, study for infection was negative',
      'my mum thinks I have flu, over the last few days it has gone down',
      'she had it as a child and in january, safety netted re fever, advised to return if worse',
      'wondering if it is normal, no real improvement, could not shake it',
      'history of presenting complaint: headache for the past week',
      'is this sign of something, is more sensitive than before',
    ];
    let matched = 0;
    for (const text of texts) {
      for (const s of tokenize(normalizeText(text)).sentences) {
        const joined = ` ${s.tokens.map((t) => t.norm).join(' ')}`;
        for (const rule of index.regexRules) {
          rule.regex!.lastIndex = 0;
          if (!rule.regex!.test(joined.slice(1))) continue;
          matched++;
          const leads = index.regexLeads.get(rule);
          if (leads) expect(leads.some((l) => joined.includes(l)), `${rule.regex} on "${joined}"`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(10);
  });
});
