/**
 * What the load scripts (`npm run test:load`, `npm run test:cluster`) and the bench's Socket.IO clients share: the
 * everyday conversations they hold, one loopback address per client (the limits are per address), and timing helpers.
 */

/** Conversations of a few turns: a clinic's everyday questions, none an emergency. */
export const EVERYDAY_CONVERSATIONS = [
  ['I have had a sore throat for two days', 'it hurts more when I swallow', 'no fever', 'what can I take for it?'],
  ['how do I treat a mild sunburn at home?', 'it is itchy now', 'can I use aloe vera?', 'when should I see someone?'],
  ['my 4 year old has a temperature of 38.5', 'she is drinking ok', 'how much paracetamol can she have?', 'thanks'],
  ['I have a headache', 'it is not the worst ever, just dull', 'I have been staring at screens', 'any tips?'],
  ['I have a cough and a runny nose', 'since Monday', 'should I stay off work?', 'ok thank you'],
  ['I think I sprained my ankle', 'it is swollen but I can walk', 'should I use ice or heat?', 'how long to heal?'],
];

/** Client i's own loopback address (127.0.0.11, 127.0.0.12, ...), so per-address limits see separate people. */
export const clientAddress = (i: number) => `127.0.${Math.floor((10 + i) / 250)}.${((10 + i) % 250) + 1}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A think time between half and one and a half times `ms`. */
export const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/** The p-th percentile (nearest rank), rounded; null for no samples. */
export const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]);
};
