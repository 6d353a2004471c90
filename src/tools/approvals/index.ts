// Public face of approvals: the on-disk store, the decision types, resuming.
export { ApprovalStore, newRequestId } from './store.ts';
export { CHECKPOINT_VERSION, readCheckpoint, readDecision } from './formats.ts';
export { ApprovalError, type ApprovalErrorCode } from './errors.ts';
export { resumeMessages, decisionNote } from './resume.ts';
export type { ApprovalRequest, Checkpoint, Decision, RequestKind, RequestView } from './types.ts';
export { readSuperviseRequest, SUPERVISE_VERSION } from './supervise-format.ts';
