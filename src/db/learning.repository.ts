/**
 * The learning record's four repositories used to live here; each has its own file now. This index keeps the
 * old import path working while the other branches merge.
 */
export { createLearnerLookup } from './learner-lookup.repository';
export { createPlayerRepository } from './player.repository';
export { createLedgerRepository } from './ledger.repository';
export { createGradeOutbox } from './grade-outbox.repository';
