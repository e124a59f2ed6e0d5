import type { CalculatorId } from './types';

/**
 * Which calculator a question names. Each rule is a pattern over the message; the earliest-named calculator wins,
 * except GCS, which is so often an input ("NEWS2 ... GCS 14") that it is chosen only when nothing else is named.
 */
type Rule = { id: CalculatorId; pattern: RegExp };

const RULES: Rule[] = [
  { id: 'news2', pattern: /\bnews\s*-?\s*2\b|\bnews\s*(?:score|chart|obs)\b|\bnational early warning score\b|\bearly warning score\b/i },
  // "NEWS" in capitals is the score; "any news?" is not.
  { id: 'news2', pattern: /\bNEWS\b/ },
  // "EWS" in capitals, as wards call it (not PEWS or MEWS, other charts).
  { id: 'news2', pattern: /\bEWS\b/ },
  { id: 'qsofa', pattern: /\bq\s*-?\s*sofa\b|\bquick\s+sofa\b|\bquick sequential organ failure assessment\b/i },
  { id: 'curb65', pattern: /\bcurb\s*-?\s*65\b|\bcurb\s+score\b/i },
  { id: 'crb65', pattern: /\bcrb\s*-?\s*65\b/i },
  { id: 'mcisaac', pattern: /\bmc\s*isaac\b|\bmodified\s+centor\b/i },
  { id: 'centor', pattern: /\bcentor\b/i },
  { id: 'feverpain', pattern: /\bfeverpain\b|\bfever\s*-\s*pain\b|\bfever\s*pain\s+(?:score|criteria)\b/i },
  { id: 'feverpain', pattern: /\bFeverPAIN\b|\bFever PAIN\b/ },
  { id: 'perc', pattern: /\bperc\b|\bpe\s+rule[- ]?out\s+criteria\b|\bpulmonary\s+embolism\s+rule[- ]?out\b/i },
  { id: 'fever_traffic_light', pattern: /\btraffic[- ]?lights?\b|\bng\s*143\b|\bcg\s*160\b/i },
  { id: 'rosier', pattern: /\brosier\b|\brecognition of stroke in the emergency room\b/i },
  { id: 'westley', pattern: /\bwestley\b/i },
  { id: 'gcs', pattern: /\bgcs\b|\bglasgow\s+coma\b|\bglasgow\s+score\b|\bglasgow\s*(?:\?|$|of\s+\d|\d)/i },
];

const WELLS = /\bwells'?\b/i;
const WELLS_DVT_NEAR = /\bwells'?(?:\s+(?:score|criteria|rule))?(?:\s+(?:for|-))?\s+(?:dvt|deep\s+vein)/i;
const WELLS_PE_NEAR = /\bwells'?(?:\s+(?:score|criteria|rule))?(?:\s+(?:for|-))?\s+(?:pe|pulmonary\s+embol)/i;
// Clues elsewhere in the message, when "Wells" is named without DVT or PE beside it.
const PE_CLUES = /\b(?:pe|pulmonary\s+embol\w*|ha?emoptysis|ctpa|pleuritic|breathless\w*|short(?:ness)? of breath|sob|dyspno?ea|chest pain)\b/gi;
const DVT_CLUES = /\b(?:dvt|deep\s+vein\s+thrombos[ie]s|calf|leg\s+swelling|swollen\s+leg|pitting|collateral\s+veins?)\b/gi;
const PAST_DVT = /\b(?:previous|prev|prior|past|history of|hx of|h\/o|known|documented)\s+(?:\w+\s+)?(?:dvt|deep vein thrombosis)\b/gi;

function wells(text: string): { id: CalculatorId; at: number } | null {
  const w = WELLS.exec(text);
  if (!w) return null;
  const dvt = WELLS_DVT_NEAR.exec(text);
  const pe = WELLS_PE_NEAR.exec(text);
  if (dvt || pe) {
    if (dvt && pe) return dvt.index <= pe.index ? { id: 'wells_dvt', at: dvt.index } : { id: 'wells_pe', at: pe.index };
    return { id: dvt ? 'wells_dvt' : 'wells_pe', at: (dvt ?? pe)!.index };
  }
  const rest = text.replace(PAST_DVT, ' ');
  const peClues = rest.match(PE_CLUES)?.length ?? 0;
  const dvtClues = rest.match(DVT_CLUES)?.length ?? 0;
  if (peClues === dvtClues) return null;
  return { id: peClues > dvtClues ? 'wells_pe' : 'wells_dvt', at: w.index };
}

/** Which calculator a question names ("CURB-65 for ...", "qsofa?", "wells score for dvt", "news 2"), or null. */
export function findCalculator(text: string): CalculatorId | null {
  if (typeof text !== 'string' || !text.trim()) return null;
  const hits: { id: CalculatorId; at: number }[] = [];
  for (const rule of RULES) {
    if (rule.id === 'gcs') continue;
    const m = rule.pattern.exec(text);
    if (m) hits.push({ id: rule.id, at: m.index });
  }
  const w = wells(text);
  if (w) hits.push(w);
  if (hits.length > 0) return hits.sort((a, b) => a.at - b.at)[0].id;
  return RULES.find((r) => r.id === 'gcs')!.pattern.test(text) ? 'gcs' : null;
}

/**
 * Every calculator a question names, in the order named ("qSOFA or NEWS2 for sepsis?", "CURB-65 vs CRB-65",
 * "Wells for DVT and Wells for PE"): a comparison is answered with each. GCS counts only when nothing else is named,
 * as in findCalculator.
 */
export function findCalculators(text: string): CalculatorId[] {
  if (typeof text !== 'string' || !text.trim()) return [];
  const hits: { id: CalculatorId; at: number }[] = [];
  for (const rule of RULES) {
    if (rule.id === 'gcs') continue;
    const m = rule.pattern.exec(text);
    if (m && !hits.some((h) => h.id === rule.id)) hits.push({ id: rule.id, at: m.index });
  }
  // Both Wells scores, each named beside its condition; otherwise the one the message's clues point to.
  const dvt = WELLS.test(text) ? WELLS_DVT_NEAR.exec(text) : null;
  const pe = WELLS.test(text) ? WELLS_PE_NEAR.exec(text) : null;
  if (dvt && pe) hits.push({ id: 'wells_dvt', at: dvt.index }, { id: 'wells_pe', at: pe.index });
  else {
    const w = wells(text);
    if (w) hits.push(w);
  }
  const ids = [...new Set(hits.sort((a, b) => a.at - b.at).map((h) => h.id))];
  // "modified Centor" is McIsaac, not also Centor.
  if (!/\bcentor\b/i.test(text.replace(/\bmodified\s+centor\b/gi, ' ')) && ids.includes('centor')) ids.splice(ids.indexOf('centor'), 1);
  if (ids.length) return ids;
  return RULES.find((r) => r.id === 'gcs')!.pattern.test(text) ? ['gcs'] : [];
}
