import { describe, expect, it } from 'vitest';
import { forExport } from './export';

describe('eval exports', () => {
  it('redact identifiers in case texts and replies, however deep, and keep the metrics', () => {
    const run = {
      suite: 'multi-turn',
      metrics: { passRate: 0.75 },
      cases: [
        {
          id: 'mt-001',
          turns: ['my email is sam@example.org', 'call me on 07700 900123'],
          result: { reply: 'We cannot contact you at sam@example.org. Call 999 now.', checks: { content: { evidence: [{ text: 'NHS 943 476 5919' }] } } },
        },
      ],
    };
    const out = forExport({ suites: { 'multi-turn': run } });
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/sam@example|07700|943 476/);
    expect(out.suites['multi-turn'].cases[0].turns).toEqual(['my email is [email]', 'call me on [phone]']);
    expect(out.suites['multi-turn'].cases[0].result.checks.content.evidence[0].text).toBe('NHS [phone]');
    expect(out.suites['multi-turn'].cases[0].result.reply).toMatch(/Call 999 now/);
    expect(out.suites['multi-turn'].metrics).toEqual({ passRate: 0.75 });
    expect(run.cases[0].turns[0]).toBe('my email is sam@example.org');
  });
});
