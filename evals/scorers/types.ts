/** The one return shape of every scorer (promptfoo's assertion shape), plus optional details for the report. */
export type ScoreResult<D = unknown> = {
  pass: boolean;
  /** 0..1 */
  score: number;
  reason: string;
  /** True when the check does not apply to this case (it is then left out of every rate). */
  skipped?: boolean;
  details?: D;
};

export const skip = (reason: string): ScoreResult<never> => ({ pass: true, score: 1, reason, skipped: true });
