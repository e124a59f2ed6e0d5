/**
 * Identifiers out of text that leaves the database: logs, audit details, eval exports. Emails, phone numbers and
 * ID-like numbers (national insurance / social security / NHS / record numbers) become `[email]`, `[phone]` and
 * `[id]`. Clinical numbers stay: temperatures (38.5), blood pressure (120/80), doses (500 mg), ages, durations,
 * dates, and the emergency number are never 9+ digits in a row of digit groups or 6+ digits in a row.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A US social security number, or a UK national insurance number (AB 12 34 56 C).
const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
const NINO = /\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi;
// Digit groups separated by spaces, dots, dashes or brackets, optionally after +: a phone number has 9 to 15
// digits (an NHS number's 3-3-4 groups are caught here too, as identifiers should be).
const PHONE = /(?<![\w.])(?:\+|00)?\(?\d[\d\s().-]{7,22}\d(?![\w])/g;
// Six or more digits in a row that were not a phone number: record numbers, card numbers.
const LONG_NUMBER = /\b\d{6,}\b/g;

const digits = (s: string) => s.replace(/\D/g, '').length;

// Our own ids (conversation, message and request UUIDs) are not personal data: a UUID whose middle groups happen to
// be all digits must not be read as a phone number.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function redactIdentifiers(text: string): string {
  if (!/[@\d]/.test(text)) return text;
  const ids = text.match(UUID);
  if (!ids) return redactPlain(text);
  return text.split(UUID).map(redactPlain).reduce((out, part, i) => out + (i ? ids[i - 1] : '') + part, '');
}

function redactPlain(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(SSN, '[id]')
    .replace(NINO, '[id]')
    .replace(PHONE, (m) => {
      const n = digits(m);
      // Dates (2024-01-05), decimals and readings such as 120/80 never reach 9 digits in one run of groups.
      return n >= 9 && n <= 15 ? '[phone]' : m;
    })
    .replace(LONG_NUMBER, '[id]');
}

/** `redactIdentifiers` on every string inside a JSON-like value (a copy; depth-limited, cycles left alone). */
export function redactDeep<T>(value: T, depth = 8): T {
  if (typeof value === 'string') return redactIdentifiers(value) as T;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth - 1)) as T;
  if (value instanceof Error) {
    const copy = new Error(redactIdentifiers(value.message), value.cause === undefined ? undefined : { cause: redactDeep(value.cause, depth - 1) });
    for (const [k, v] of Object.entries(value)) (copy as unknown as Record<string, unknown>)[k] = redactDeep(v, depth - 1);
    copy.name = value.name;
    if (value.stack) copy.stack = redactIdentifiers(value.stack);
    return copy as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth - 1)])) as T;
}
