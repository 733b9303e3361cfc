import { z } from "zod";
import { badRequest, type FieldErrors } from "./errors";
import type { AppLocale } from "./i18n/config";
import { isErrorCode, translateError } from "./i18n/messages";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its text form: checked before such a value reaches a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const zodLocales = { en: z.locales.en, "zh-CN": z.locales.zhCN } as const;

/**
 * Parses input with a schema and turns failures into a 400 with field errors in the user's language.
 * A schema's custom message may be an error code (a key of messages/<locale>/errors.json); zod's own
 * messages come from zod's locale for that language.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, locale: AppLocale): z.output<S> {
  const nul = findNulString(input);
  if (nul !== null) throw badRequest("validation", { [nul]: [translateError(locale, "invalid_characters")] });
  const localeError = zodLocales[locale]().localeError;
  const result = schema.safeParse(input, {
    error: (issue) => plainFieldMessage(issue, locale) ?? localeError(issue),
  });
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    const message = isErrorCode(locale, issue.message) ? translateError(locale, issue.message) : issue.message;
    (fieldErrors[key] ??= []).push(message);
  }
  throw badRequest("validation", fieldErrors);
}

/**
 * The path ("a.b", "_form" at the top) of a string in `input` that contains a NUL character, or null.
 * Postgres refuses NUL in text, so such input must be a 400 here, not a failed query (a 500) later.
 */
export function findNulString(input: unknown): string | null {
  // Iterative, so that deeply nested JSON cannot overflow the stack.
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return path || "_form";
    } else if (Array.isArray(value) || isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) stack.push([v, path ? `${path}.${k}` : k]);
    }
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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

/**
 * Field messages as a form would say them, for the issues forms meet most: a field left empty (forms send
 * nothing for it) reads "required", not "expected string, received undefined"; a number field holding text
 * reads "enter a number", not "expected number, received NaN"; limits read "enter 1 or more", not
 * "Too small: expected number to be >=1". Anything else keeps zod's message in the user's language.
 */
function plainFieldMessage(issue: z.core.$ZodRawIssue, locale: AppLocale): string | undefined {
  if (!issue.path?.length) return undefined;
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return translateError(locale, "field_required");
    if (issue.expected === "number" && Number.isNaN(issue.input)) return translateError(locale, "number_expected");
    if (issue.expected === "int") return translateError(locale, "whole_number_expected");
  }
  if (issue.code === "too_small" && typeof issue.minimum === "number") {
    if (issue.origin === "number" && issue.inclusive !== false) return translateError(locale, "number_too_small", { min: issue.minimum });
    if (issue.origin === "number") return translateError(locale, "number_above", { min: issue.minimum });
    if (issue.origin === "string") return translateError(locale, "text_too_short", { min: issue.minimum });
  }
  if (issue.code === "too_big" && typeof issue.maximum === "number" && issue.inclusive !== false) {
    if (issue.origin === "number") return translateError(locale, "number_too_big", { max: issue.maximum });
    if (issue.origin === "string") return translateError(locale, "text_too_long", { max: issue.maximum });
  }
  return undefined;
}
