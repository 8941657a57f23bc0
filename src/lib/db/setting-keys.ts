/**
 * Prefixes of settings keys that several db modules must agree on.
 * DO NOT RENAME: persisted in IndexedDB (settings table).
 */

/** Batch-scoring results, one row per dataset and model version (`scores.ts`). */
export const BATCH_SCORES_PREFIX = 'batch-scores|';
