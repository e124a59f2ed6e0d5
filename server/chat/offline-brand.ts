/**
 * Marks the built-in offline composer (and the handle server/models.ts gives for it), so the chat service tells it
 * from a custom offline model without importing the class, and with it LangChain (about 15 MB and 0.15-0.2 s of
 * start a server with the offline composer does not otherwise need).
 */
export const OFFLINE_COMPOSER = Symbol.for('careline.offline-composer');

export const isOfflineComposer = (runnable: unknown): boolean =>
  typeof runnable === 'object' && runnable !== null && (runnable as Record<symbol, unknown>)[OFFLINE_COMPOSER] === true;
