/**
 * The first step for every message, before triage, dialogue and retrieval read it (storage keeps the original):
 * Unicode NFKC, invisible characters out, quotes, dashes and spaces unified. A soft hyphen, a zero-width space, a
 * byte-order mark or a bidi control inside "chest pain" must not hide the words from the vocabulary.
 */

// Default-ignorable code points (soft hyphen, zero-width space/joiners, word joiner, BOM, variation selectors,
// bidi controls ...) carry no visible text. \p{Default_Ignorable_Code_Point} covers them; the bidi marks and
// isolates are listed too, because some engines class LRM/RLM differently.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/gu;
// Other control characters except tab and newline.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u02B9\u0060\u00B4\uFF07]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\uFF02]/g;
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

export function normalizeText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** British and American spellings of medical words read the same ("haemorrhage" = "hemorrhage"). */
const SPELLINGS: [RegExp, string][] = [
  [/haem/g, 'hem'],
  [/anaem/g, 'anem'],
  [/aemia/g, 'emia'],
  [/paed/g, 'ped'],
  [/gynaec/g, 'gynec'],
  [/ischaem/g, 'ischem'],
  [/faec/g, 'fec'],
  [/^oedem/, 'edem'],
  [/oesoph/g, 'esoph'],
  [/^oestr/, 'estr'],
  [/rrhoea/g, 'rrhea'],
  [/pnoea/g, 'pnea'],
  [/^foet/, 'fet'],
  [/^caesar/, 'cesar'],
  [/coeliac/g, 'celiac'],
  [/tumour/g, 'tumor'],
  [/colour/g, 'color'],
  [/behaviour/g, 'behavior'],
  [/leukaem/g, 'leukem'],
  [/septicaem/g, 'septicem'],
  [/orthopaed/g, 'orthoped'],
  [/^anaesth/, 'anesth'],
  [/^oedema/, 'edema'],
];

/**
 * American and British everyday words for the same thing ("black sticky poop", "two wet diapers", "my mom"): read as
 * one, so every phrase written with either meets both.
 */
const EVERYDAY_EQUIVALENTS: Record<string, string> = {
  poop: 'poo', poops: 'poos', pooping: 'pooing', pooped: 'pooed', poopy: 'pooey', poopie: 'poo',
  diaper: 'nappy', diapers: 'nappies', mom: 'mum', moms: 'mums', mommy: 'mummy',
  // ("He's gray and shaking" had read as a pale face, "looks grey" as the ashen skin of shock.)
  gray: 'grey', grayish: 'greyish', grayed: 'greyed', graying: 'greying',
};

/** A word as the vocabulary compares it: lower case, no accents, one spelling of British/American pairs. */
export function canonicalWord(word: string): string {
  let w = word.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const same = EVERYDAY_EQUIVALENTS[w];
  if (same) return same;
  if (w.length >= 5 && /ae|oe|our/.test(w)) for (const [re, to] of SPELLINGS) w = w.replace(re, to);
  return w;
}
