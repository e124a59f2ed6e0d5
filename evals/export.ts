import { redactDeep } from '../server/privacy/redact';

/**
 * What leaves the machine in an eval export (results.json, report.html, runs stored for the QA dashboard): every
 * string with emails, phone numbers and ID-like numbers redacted, as in the server's logs. Scoring happens before,
 * on the real text; the export is a copy.
 */
export const forExport = <T>(value: T): T => redactDeep(value, 64);
