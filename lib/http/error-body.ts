import { isAppError, type FieldErrorInput, type FieldErrors } from "@/lib/errors";
import type { AppLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";
import { logger } from "@/lib/logger";

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: FieldErrors };
}

/**
 * Maps any thrown value to a status and a body in the user's language. Unknown errors are logged with their
 * stack and reach the client only as "internal", never as the raw message.
 */
export function toErrorBody(e: unknown, locale: AppLocale, where: string): { status: number; body: ErrorBody } {
  if (isAppError(e)) {
    return {
      status: e.status,
      body: {
        error: {
          code: e.code,
          message: translateError(locale, e.code, e.values),
          fieldErrors: e.fieldErrors && answerFieldErrors(e.fieldErrors, locale),
        },
      },
    };
  }
  logger.error({ err: e, where }, "unhandled error");
  return { status: 500, body: { error: { code: "internal", message: translateError(locale, "internal") } } };
}

/** Lib functions name a field's error by its code (e.g. `{ code: ["serial_check"] }`); add the words. */
function answerFieldErrors(fieldErrors: FieldErrorInput, locale: AppLocale): FieldErrors {
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, errors]) => [
      field,
      errors.map((e) => (typeof e === "string" ? { code: e, message: translateError(locale, e) } : e)),
    ]),
  );
}
