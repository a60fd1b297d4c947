import { fieldLabel } from './field-labels.js';

/**
 * One error type for the whole API. Every failure answers `{"error":{"code","message","details?"}}`
 * with the HTTP status mapped from its code; the codes are stable and documented in the README.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  INVALID_STATE: 409,
  CONFLICT: 409,
  /** A submission lacks a required material of the item's list (the message names each). */
  MATERIALS_MISSING: 409,
  /** Acceptance while a required material is unverified or defective (the message names each). */
  MATERIALS_UNVERIFIED: 409,
  /** A resubmission that leaves a point of the correction notice unanswered. */
  CORRECTION_UNANSWERED: 409,
  /** A clock stop on a ground art. 45 does not give (现场勘查 runs on the clock; no "other"). */
  STOP_GROUND_NOT_ALLOWED: 409,
  /** A 补正 stop after acceptance on an item whose own rules do not provide one. */
  CORRECTION_STOP_NOT_PROVIDED: 409,
  /** Handing over at the window a result the applicant chose to receive by express, without their consent on record. */
  DELIVERY_CONSENT_REQUIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Where the problem is, e.g. `body.username` or `query.number`. */
  field: string;
  /** The field as a person calls it (身份证号), from FIELD_LABELS. */
  label?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', message);
export const invalidState = (message: string) => new AppError('INVALID_STATE', message);
/** A rule about one field broke: the message names the field in Chinese, never by its path. */
export const validationFailed = (field: string, message: string) => {
  const label = fieldLabel(field);
  return new AppError('VALIDATION_FAILED', `${label}：${message}`, [{ field, label, message }]);
};
