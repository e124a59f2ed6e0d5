import { LEVELS, type Level } from '../knowledge/schema';

export { LEVELS, type Level };

// A map, not LEVELS.indexOf: triage compares levels thousands of times a message (-1 for anything else, as before).
const RANK = new Map<Level, number>(LEVELS.map((l, i) => [l, i]));
export const levelRank = (level: Level): number => RANK.get(level) ?? -1;
export const maxLevel = (a: Level, b: Level): Level => (levelRank(a) >= levelRank(b) ? a : b);
export const isEmergent = (level: Level) => level === 'emergency' || level === 'emergency_ambulance';

/** The 3-level scale used in the symptom-checker literature. */
export function threeLevel(level: Level): 'emergent' | 'non_emergent' | 'self_care' {
  if (isEmergent(level)) return 'emergent';
  return level === 'self_care' ? 'self_care' : 'non_emergent';
}
