import type { SuiteKind } from './schema';

/**
 * Metrics shown as bars (all 0..1) in the report, in the console table and on the QA dashboard, per suite kind. Its
 * own module with no imports but a type, so the dashboard's page bundle can share it.
 */
export const HEADLINE: Record<SuiteKind, string[]> = {
  triage: ['accuracy5', 'accuracy3', 'emergencyRecall', 'selfCareAccuracy', 'overTriageRate', 'boundsPassRate', 'conditionTop3'],
  retrieval: ['recall@1', 'recall@5', 'mrr'],
  answers: [
    'passRate', 'triageBoundPassRate', 'contentPassRate', 'safetyPassRate', 'emergencyInstructionRate', 'refusalCorrectness',
    'citationValidity', 'citationCoverage', 'supportShare', 'citedExpectedRate', 'rubricMean', 'readabilityPassRate',
    'answerRelevance', 'retrievalRecall@5', 'abstentionPrecision', 'abstentionRecall', 'intentSectionHit',
  ],
  context: ['targetAccuracy', 'recognised', 'negatedF1', 'historicalF1', 'hypotheticalF1', 'possibleF1', 'experiencerAccuracy'],
  conversation: ['turnPassRate', 'conversationPassRate', 'actAccuracy', 'badgeAccuracy', 'repeatFreeRate'],
};
