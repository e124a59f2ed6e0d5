import { CALCULATORS } from './registry';
import type { CalculatorResult } from './types';

const pts = (p: number | null) => (p === null ? '' : ` (${p > 0 ? '+' : ''}${Number.isInteger(p) ? p : p.toFixed(1)})`);

/**
 * A short plain-text answer for a nurse: the result, each component with its points, the escalation, what is
 * missing (so a partial score is never mistaken for a full one) and the source.
 */
export function formatResult(r: CalculatorResult): string {
  const def = CALCULATORS.find((c) => c.id === r.id);
  const label = (id: string) => def?.fields.find((f) => f.id === id)?.label ?? id;
  // Nothing given at all: not a score of 0 but the calculator itself, what it needs and where it comes from.
  if (def && r.components.length > 0 && r.components.every((c) => c.points === null && c.value === 'not given')) {
    return [`${def.name}: not scored - no values given.`, def.description, `To score it, give: ${r.missing.map(label).join(', ')}.`, `Source: ${r.source.name} - ${r.source.url}`].join('\n');
  }
  const lines = [r.interpretation];
  // Missing components are listed once, at the end; invalid or untestable ones stay in place with their reason.
  const shown = r.components.filter((c) => !(c.points === null && c.value === 'not given'));
  if (shown.length > 0) lines.push('Components:', ...shown.map((c) => `- ${c.label}: ${c.value}${pts(c.points)}`));
  lines.push(`Escalation: ${r.escalation}`);
  if (r.missing.length > 0) lines.push(`Missing (result is partial): ${r.missing.map(label).join(', ')}.`);
  lines.push(`Source: ${r.source.name} - ${r.source.url}`);
  return lines.join('\n');
}
