import { z } from "zod";
import { badRequest, type FieldErrors } from "./errors";
import type { AppLocale } from "./i18n/config";
import { isErrorCode, translateError } from "./i18n/messages";

const zodLocales = { en: z.locales.en, "zh-CN": z.locales.zhCN } as const;

/**
 * Parses input with a schema and turns failures into a 400 with field errors in the user's language.
 * A schema's custom message may be an error code (a key of messages/<locale>/errors.json); zod's own
 * messages come from zod's locale for that language.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, locale: AppLocale): z.output<S> {
  const result = schema.safeParse(input, { error: zodLocales[locale]().localeError });
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    const message = isErrorCode(locale, issue.message) ? translateError(locale, issue.message) : issue.message;
    (fieldErrors[key] ??= []).push(message);
  }
  throw badRequest("validation", fieldErrors);
}

/** FormData to a plain object; repeated names become arrays, empty strings become undefined. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).map((v) => (typeof v === "string" ? (v === "" ? undefined : v) : v));
    out[key] = values.length > 1 ? values.filter((v) => v !== undefined) : values[0];
  }
  return out;
}
