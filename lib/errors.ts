/**
 * Errors that may reach a client. `code` is a key in messages/<locale>/errors.json, so the same refusal
 * reads in the user's language in a form and in a JSON answer. Anything that is not an AppError is a bug:
 * it is logged and the client sees a generic 500 without internals.
 */
export interface FieldError {
  /** Machine-readable: an error code of messages/<locale>/errors.json or zod's issue code. */
  code: string;
  /** The same in the caller's language. */
  message: string;
}

/** Field errors as answered: `{ field: [{ code, message }] }`. */
export type FieldErrors = Record<string, FieldError[]>;

/** Field errors as thrown: an error code (put into words when answered) or an error already in words. */
export type FieldErrorInput = Record<string, (string | FieldError)[]>;

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly fieldErrors?: FieldErrorInput,
    public readonly values?: Record<string, string | number>,
  ) {
    super(code);
    this.name = "AppError";
  }
}

export const badRequest = (code = "bad_request", fieldErrors?: FieldErrorInput, values?: Record<string, string | number>) =>
  new AppError(400, code, fieldErrors, values);
export const unauthorized = (code = "unauthorized") => new AppError(401, code);
export const forbidden = (code = "forbidden") => new AppError(403, code);
export const notFound = (code = "not_found") => new AppError(404, code);
export const conflict = (code = "conflict", values?: Record<string, string | number>) =>
  new AppError(409, code, undefined, values);
export const tooManyRequests = (retryAfterSeconds: number, code = "rate_limited") =>
  new AppError(429, code, undefined, { seconds: retryAfterSeconds });
export const unavailable = (code = "unavailable") => new AppError(503, code);
export const payloadTooLarge = (code = "payload_too_large") => new AppError(413, code);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
