import { describe, expect, it } from 'vitest';
import { CALCULATORS, calculateFromText, findCalculator, findCalculators, formatResult, getCalculatorDef } from './index';

describe('findCalculator names the calculator a question asks for', () => {
  it.each([
    ['CURB-65 for a 72 year old with pneumonia', 'curb65'],
    ['curb65?', 'curb65'],
    ['what is his CURB 65', 'curb65'],
    ['CRB65 in the community', 'crb65'],
    ['crb-65: RR 32, confused', 'crb65'],
    ['qsofa?', 'qsofa'],
    ['qSOFA score please', 'qsofa'],
    ['q-SOFA for this patient', 'qsofa'],
    ['quick SOFA', 'qsofa'],
    ['news 2', 'news2'],
    ['NEWS2 please: RR 24, sats 91%', 'news2'],
    ['news2 score', 'news2'],
    ['what is the NEWS for RR 24 HR 110', 'news2'],
    ['national early warning score', 'news2'],
    ['NEWS2: RR 22, GCS 14, sats 95%', 'news2'],
    ['centor score for sore throat', 'centor'],
    ['Centor?', 'centor'],
    ['modified centor for a 10 year old', 'mcisaac'],
    ['McIsaac score', 'mcisaac'],
    ['FeverPAIN', 'feverpain'],
    ['feverpain score', 'feverpain'],
    ['fever pain score please', 'feverpain'],
    ['GCS E3 V4 M6', 'gcs'],
    ['glasgow coma scale', 'gcs'],
    ['wells score for dvt', 'wells_dvt'],
    ['Wells DVT: calf swelling 4cm', 'wells_dvt'],
    ['wells criteria for deep vein thrombosis', 'wells_dvt'],
    ['Wells PE', 'wells_pe'],
    ['wells score for pulmonary embolism', 'wells_pe'],
    ['wells: calf swelling 4cm, pitting oedema', 'wells_dvt'],
    ['wells score: HR 110, haemoptysis, previous DVT', 'wells_pe'],
    ['PERC rule', 'perc'],
    ['is she PERC negative?', 'perc'],
    ['PE rule-out criteria', 'perc'],
    ['traffic light for a feverish 2 year old', 'fever_traffic_light'],
    ['NICE traffic-light: 6 month old, T 39.2', 'fever_traffic_light'],
    ['NG143 assessment', 'fever_traffic_light'],
    ['is CRB-65 or CURB-65 better here', 'crb65'],
  ])('"%s" -> %s', (text, id) => expect(findCalculator(text)).toBe(id));

  it.each([
    ['how do I treat a mild sunburn?'],
    ['any news on bed 4?'],
    ['fever, pain in both legs'],
    ['percussion note dull at the left base'],
    ['wells score?'],
    ['crushing chest pain'],
    [''],
    ['   '],
  ])('"%s" names none', (text) => expect(findCalculator(text)).toBeNull());
});

describe('findCalculators names every calculator of a comparison', () => {
  it.each([
    ['qsofa or news2 for spotting sepsis on the ward?', ['qsofa', 'news2']],
    ['CURB-65 vs CRB-65 - which one in the GP practice', ['curb65', 'crb65']],
    ['should I use centor or feverpain for a sore throat', ['centor', 'feverpain']],
    ["what's the difference between Wells for DVT and Wells for PE", ['wells_dvt', 'wells_pe']],
    ['McIsaac (modified Centor) for a 10 year old', ['mcisaac']],
    ['NEWS2 RR 24 GCS 14', ['news2']],
    ['GCS components', ['gcs']],
    ['how do I manage a fever', []],
  ])('"%s"', (text, ids) => {
    expect(findCalculators(text)).toEqual(ids);
  });
});

describe("every calculator's definition is reachable from a nurse's shorthand", () => {
  // The ids with an underscore are not words anyone types; "fever in under 5s" names the guide's topic, and a topic
  // question is answered by the guide, not by the traffic light's definition.
  const typed = CALCULATORS.flatMap((c) => [c.id, ...c.aliases].filter((a) => !a.includes('_') && a !== 'fever in under 5s').map((a) => [c.id, a] as const));
  it.each(typed)('%s: "%s?" gives its components, thresholds and source', (id, alias) => {
    const r = calculateFromText(`${alias}?`)!;
    expect(r?.id).toBe(id);
    const text = formatResult(r);
    expect(text).toContain(getCalculatorDef(id).description);
    expect(text).toMatch(/To score it, give: [\s\S]*Source: https?:|To score it, give: [\s\S]*Source: .+ - https?:\/\//);
  });
});
