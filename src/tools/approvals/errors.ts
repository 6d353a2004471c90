export type ApprovalErrorCode = 'UNKNOWN_REQUEST' | 'ALREADY_DECIDED' | 'INVALID_DECISION' | 'CORRUPT';

export class ApprovalError extends Error {
  readonly code: ApprovalErrorCode;
  constructor(code: ApprovalErrorCode, message: string) {
    super(message);
    this.name = 'ApprovalError';
    this.code = code;
  }
}
