import type { Level } from '../../../server/contracts/nurse';
import { h } from './dom';

/** The five triage levels, most urgent first, with the words the consoles show (DESIGN.md). */
export const LEVELS: { id: Level; label: string }[] = [
  { id: 'emergency_ambulance', label: 'Emergency: call an ambulance' },
  { id: 'emergency', label: 'Emergency department now' },
  { id: 'consultation_24', label: 'See a clinician within 24 h' },
  { id: 'consultation', label: 'Book an appointment' },
  { id: 'self_care', label: 'Self-care' },
];

export const levelLabel = (level: string | null | undefined) => LEVELS.find((l) => l.id === level)?.label ?? level ?? 'not assessed';

/** A badge whose colour says the urgency (and whose words say it too). */
export const levelBadge = (level: string | null | undefined, label?: string | null) =>
  h('span', { class: `level level-${level ?? 'none'}`, 'data-testid': 'level-badge', 'data-level': level ?? '' }, label ?? levelLabel(level));
