import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge, parseArticle } from './load';

const knowledge = loadKnowledge('knowledge');

describe('the shipped knowledge base', () => {
  it('has the article counts the library promises', () => {
    expect(knowledge.articles.filter((a) => a.audience === 'patient' && a.origin === 'library').length).toBeGreaterThanOrEqual(150);
    expect(knowledge.articles.filter((a) => a.audience === 'nurse' && a.origin === 'library').length).toBeGreaterThanOrEqual(40);
  });

  it('has at least 300 lexicon concepts, each with a name and at least one way to say it', () => {
    expect(knowledge.lexicon.length).toBeGreaterThanOrEqual(300);
    for (const c of knowledge.lexicon) {
      if (c.kind === 'modifier') continue;
      expect(c.lay.length + c.misspellings.length, c.id).toBeGreaterThan(0);
    }
  });

  it('has at least 60 red-flag rules, each naming its source', () => {
    expect(knowledge.redFlags.length).toBeGreaterThanOrEqual(60);
    for (const r of knowledge.redFlags) expect(r.source.name.length, r.id).toBeGreaterThan(3);
  });

  it('gives every article sources with a name and a review date', () => {
    for (const a of knowledge.articles) {
      expect(a.sources.length, a.id).toBeGreaterThan(0);
      expect(a.last_reviewed, a.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('never names a country-specific emergency number in patient articles (the app fills in the local one)', () => {
    for (const a of knowledge.articles.filter((x) => x.audience === 'patient')) {
      expect(a.body, a.id).not.toMatch(/\b(call|dial|ring)\s+(911|999|112|000)\b/i);
    }
  });
});

describe('a bad knowledge file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const copyWith = (edit: (dir: string) => void) => {
    dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync('knowledge', dir, { recursive: true });
    edit(dir);
    return () => loadKnowledge(dir);
  };
  const sunburn = (d: string) => join(d, 'articles', 'patient', 'sunburn.md');

  it('without sources is rejected, naming the file and the field', () => {
    const load = copyWith((d) => {
      const text = readFileSync(sunburn(d), 'utf8').replace(/sources:[\s\S]*?last_reviewed/, 'last_reviewed');
      writeFileSync(sunburn(d), text);
    });
    expect(load).toThrowError(/sunburn\.md: sources:/);
  });

  it('with a misspelt age bound on a rule is rejected (it would otherwise hold for every age)', () => {
    const rules = (d: string) => join(d, 'red-flags', 'rules-emergency.yaml');
    const load = copyWith((d) => writeFileSync(rules(d), readFileSync(rules(d), 'utf8').replace('ageMonths: {lt: 0.034}', 'ageMonths: {max: 0.034}')));
    expect(load).toThrowError(/ageMonths: Unrecognized key: "max"/);
  });

  it('with an unknown key on a rule is rejected (an exception the code does not read would be dropped silently)', () => {
    const rules = (d: string) => join(d, 'red-flags', 'rules-emergency.yaml');
    const load = copyWith((d) => writeFileSync(rules(d), readFileSync(rules(d), 'utf8').replace('ageYears: {gte: 75}', 'minAgeYears: 75')));
    expect(load).toThrowError(/Unrecognized key: "minAgeYears"/);
  });

  it('with a lexicon phrase split by a comma inside a YAML list ("[red, hot, swollen area]") is rejected', () => {
    const lexicon = (d: string) => join(d, 'lexicon', 'phrasing-us.yaml');
    const load = copyWith((d) => writeFileSync(lexicon(d), readFileSync(lexicon(d), 'utf8').replace('lay: [red hot swollen area,', 'lay: [red, hot, swollen area,')));
    expect(load).toThrowError(/hot_swollen_skin: the bare word "red"/);
  });

  it('without a review date is rejected, naming the field', () => {
    const load = copyWith((d) => writeFileSync(sunburn(d), readFileSync(sunburn(d), 'utf8').replace(/last_reviewed:.*\n/, '')));
    expect(load).toThrowError(/sunburn\.md: last_reviewed/);
  });

  it('with an unknown section is rejected, listing the sections allowed', () => {
    const load = copyWith((d) => writeFileSync(sunburn(d), readFileSync(sunburn(d), 'utf8').replace('## Self-care', '## Home treatment')));
    expect(load).toThrowError(/sunburn\.md: sections: unknown section "Home treatment" \(allowed: "What it is", "Common symptoms", "Causes"/);
  });

  it('with a required section missing is rejected, naming it', () => {
    const load = copyWith((d) => writeFileSync(sunburn(d), readFileSync(sunburn(d), 'utf8').replace(/## Self-care[\s\S]*?(?=## When)/, '')));
    expect(load).toThrowError(/sunburn\.md: sections: missing "Self-care"/);
  });

  it('with optional sections out of order is rejected, showing the order expected', () => {
    // sunburn.md has Causes before Prevention; moving Prevention first breaks the canonical order.
    const load = copyWith((d) => {
      const text = readFileSync(sunburn(d), 'utf8');
      const prevention = /## Prevention\n[\s\S]*?(?=\n## )/.exec(text)![0];
      writeFileSync(sunburn(d), text.replace(prevention + '\n', '').replace('## Causes', `${prevention}\n\n## Causes`));
    });
    expect(load).toThrowError(/sunburn\.md: sections: expected the order "What it is", "Common symptoms", "Causes", .* found "What it is", "Common symptoms", "Prevention", "Causes"/);
  });

  it('without its optional sections still loads', () => {
    const load = copyWith((d) => {
      const text = readFileSync(sunburn(d), 'utf8');
      writeFileSync(sunburn(d), text.replace(/## (Causes|Who is at risk|Treatment|Prevention|Complications|Outlook)\n[\s\S]*?(?=\n## )/g, ''));
    });
    expect(load).not.toThrow();
  });

  it('with an id that is not its file name is rejected', () => {
    const load = copyWith((d) => writeFileSync(sunburn(d), readFileSync(sunburn(d), 'utf8').replace('id: sunburn', 'id: sun-burn')));
    expect(load).toThrowError(/id: "sun-burn" must equal the file name/);
  });

  it('with a duplicate id is rejected', () => {
    const load = copyWith((d) => {
      const copy = readFileSync(sunburn(d), 'utf8');
      writeFileSync(join(d, 'articles', 'nurse', 'sunburn.md'), copy);
    });
    expect(load).toThrowError(/article id "sunburn" is used twice/);
  });

  it('with invalid YAML is rejected with the parser message', () => {
    const load = copyWith((d) => writeFileSync(sunburn(d), readFileSync(sunburn(d), 'utf8').replace('title: Sunburn', 'title: [Sunburn')));
    expect(load).toThrowError(/sunburn\.md: front matter is not valid YAML/);
  });

  it('with a malformed lexicon entry is rejected, naming the entry field', () => {
    const load = copyWith((d) => writeFileSync(join(d, 'lexicon', 'zz-bad.yaml'), '- {id: Bad-Id, name: x, kind: symptom}\n'));
    expect(load).toThrowError(/zz-bad\.yaml: 0\.id: must be snake_case/);
  });

  it('with a medicine shorthand form listed for two medicines is rejected, naming both', () => {
    const file = (d: string) => join(d, 'vocabulary', 'medicine-shorthand.yaml');
    const load = copyWith((d) => writeFileSync(file(d), `${readFileSync(file(d), 'utf8')}\n- name: prochlorperazine\n  shorthand: [pred]\n`));
    expect(load).toThrowError(/medicine-shorthand\.yaml: "pred" is listed for both prednisolone and prochlorperazine/);
  });

  it('with a shorthand form listed in two shorthand files is rejected', () => {
    const file = (d: string) => join(d, 'vocabulary', 'observation-shorthand.yaml');
    const load = copyWith((d) => writeFileSync(file(d), `${readFileSync(file(d), 'utf8')}\n- name: salbutamol nebuliser\n  shorthand: [salb]\n`));
    expect(load).toThrowError(/observation-shorthand\.yaml: "salb" is listed for both salbutamol and salbutamol nebuliser/);
  });

  it('with a medicine shorthand form written as a pattern is rejected, naming the field', () => {
    const file = (d: string) => join(d, 'vocabulary', 'medicine-shorthand.yaml');
    const load = copyWith((d) => writeFileSync(file(d), '- name: salbutamol\n  shorthand: ["\\\\bsalb\\\\b"]\n'));
    expect(load).toThrowError(/medicine-shorthand\.yaml: 0\.shorthand\.0: lower-case words/);
  });

  it('with a rule naming an unknown concept is rejected', () => {
    const load = copyWith((d) =>
      writeFileSync(join(d, 'red-flags', 'rules-zz.yaml'), "- {id: zz_rule, label: test rule, level: emergency, any: [no_such_concept], source: {name: Test source}}\n"),
    );
    expect(load).toThrowError(/red-flag rule zz_rule: unknown concept "no_such_concept"/);
  });
});

describe('parseArticle', () => {
  it('accepts a local document without the library section set', () => {
    const raw = '---\nid: local-protocol\ntitle: Local protocol\naudience: nurse\nsummary: Our clinic protocol for x.\nsources: [{name: Riverside clinic protocol}]\nlast_reviewed: 2026-01-01\n---\nSome text.\n';
    const a = parseArticle('knowledge/articles/local/local-protocol.md', raw, 'local');
    expect(a.sections).toEqual([{ heading: 'Overview', text: 'Some text.' }]);
  });

  it('throws a KnowledgeError that carries the file and the problems', () => {
    try {
      parseArticle('x/bad.md', '---\nid: bad\n---\n', 'library');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeError);
      expect((err as KnowledgeError).file).toBe('x/bad.md');
      expect((err as KnowledgeError).problems.join()).toMatch(/title/);
    }
  });
});
