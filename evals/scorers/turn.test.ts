import { describe, expect, it } from 'vitest';
import { replyWords, scoreTranscript, scoreTurn, type TurnObserved } from './turn';

const seen = (over: Partial<TurnObserved>): TurnObserved => ({ act: null, level: null, reply: '', citations: [], earlierReplies: [], emergencyNumber: '911', ...over });

describe('scoreTurn', () => {
  it('passes a clinic answer with no badge that cites the clinic and says the hours', () => {
    const checks = scoreTurn(
      { act: 'clinic', badge: 'none', cited: 'clinic', mustInclude: [['6:30']], maxWords: 120 },
      seen({ act: 'clinic', reply: 'We are open Monday to Thursday, 8:00 am - 6:30 pm [1].', citations: [{ articleId: 'clinic', kind: 'clinic' }] }),
    );
    expect(Object.entries(checks).filter(([, r]) => !r.pass)).toEqual([]);
  });

  it('fails the act, the badge and the citation it did not get', () => {
    const checks = scoreTurn(
      { act: 'greeting', badge: 'none', cited: ['common-cold'] },
      seen({ act: 'question', level: 'self_care', reply: 'Book an appointment.', citations: [{ articleId: 'eye-problems' }] }),
    );
    expect(checks.act.pass).toBe(false);
    expect(checks.badge.pass).toBe(false);
    expect(checks.cited.pass).toBe(false);
  });

  it('has no level without a badge: an upper bound passes, a lower one fails', () => {
    expect(scoreTurn({ triage: { atMost: 'consultation' } }, seen({})).triage.pass).toBe(true);
    expect(scoreTurn({ triage: { atLeast: 'emergency' } }, seen({})).triage.pass).toBe(false);
    expect(scoreTurn({ triage: { level: 'emergency_ambulance' } }, seen({ level: 'emergency_ambulance' })).triage.pass).toBe(true);
  });

  it('counts words without citation markers and checks the emergency instruction', () => {
    expect(replyWords('Call 911 now [1]. Do not drive [2].')).toBe(6);
    const long = scoreTurn({ maxWords: 3, emergencyInstruction: true }, seen({ reply: 'Rest and drink fluids at home.' }));
    expect(long.maxWords.pass).toBe(false);
    expect(long.emergencyInstruction.pass).toBe(false);
  });
});

describe('scoreTranscript', () => {
  it('wants every earlier message back after a reload', () => {
    expect(scoreTranscript(4, 4).pass).toBe(true);
    expect(scoreTranscript(4, 0).pass).toBe(false);
    expect(scoreTranscript(undefined, 0).skipped).toBe(true);
  });
});
