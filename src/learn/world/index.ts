// learn/world: the epistemic layer (seed 000) — entities, relations and hypotheses as
// front-matter records, decided by rule from the evidence the model reports.
export { applyWorldUpdates, type WorldContext, type WorldStep } from './apply.ts';
export { confidenceOf, supportWeight, contradictionWeight, meetsPromotion, transition, addEvidence, VERIFIED_WEIGHT, CONTRADICTION_WEIGHT } from './confidence.ts';
export { parseWorldRecord, renderWorldRecord, worldPath, isWorldRecordPath, WORLD_DIR, WORLD_INDEX_FILE, WORLD_SUBDIRS } from './record.ts';
export { renderWorldIndex } from './index-md.ts';
export { conceptKey, sameClaim, badName } from './names.ts';
export { mergeRecords, duplicateGroups } from './merge.ts';
export { checkProposal, LIMITS as WORLD_LIMITS, MALFORMED } from './validate.ts';
export { DEFAULT_WORLD_POLICY } from './types.ts';
export { worldFamiliarity } from './familiarity.ts';
export type * from './types.ts';
