import { AgentOsError } from '../../errors.ts';

export type ApprovalErrorCode = 'UNKNOWN_REQUEST' | 'ALREADY_DECIDED' | 'INVALID_DECISION' | 'CORRUPT' | 'FORMAT_NEWER';

export class ApprovalError extends AgentOsError<ApprovalErrorCode> {}
