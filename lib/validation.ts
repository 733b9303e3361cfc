import { z } from "zod";
import { badRequest, type FieldError } from "./errors";
import type { AppLocale } from "./i18n/config";
import { isErrorCode, translateError } from "./i18n/messages";
import { readAsSchemaTypes } from "./validation-text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its text form: checked before such a value reaches a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const zodLocales = { en: z.locales.en, "zh-CN": z.locales.zhCN } as const;

/**
 * Where input came from. `json`: a JSON body or a client's call of a server action; values must already have
 * the types the schema declares (a number field takes only a JSON number, null is not "missing"). `text`: HTML
 * form data, query strings and path segments, where every value is text: numbers and booleans are read from it
 * as the schema declares them, and an empty value is a missing one.
 */
export type InputSource = "json" | "text";

/** Validation failures whose code is the answer's code too, not the generic "validation". */
const ANSWER_CODES = new Set(["invalid_cursor", "invalid_characters"]);

/**
 * Parses input with a schema and turns failures into a 400 with field errors `{ field: [{ code, message }] }`
 * in the user's language. A schema's custom message may be an error code (a key of
 * messages/<locale>/errors.json); zod's own messages come from zod's locale for that language.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  locale: AppLocale,
  source: InputSource = "json",
): z.output<S> {
  refuseUnstorableText(input, locale);
  const localeError = zodLocales[locale]().localeError;
  const result = schema.safeParse(source === "text" ? readAsSchemaTypes(schema, input) : input, {
    reportInput: true,
    error: (issue) => localeError(issue),
  });
  if (result.success) return result.data;
  const fieldErrors: Record<string, FieldError[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(fieldError(issue, locale));
  }
  const answer = Object.values(fieldErrors).flat().find((e) => ANSWER_CODES.has(e.code))?.code;
  throw badRequest(answer ?? "validation", fieldErrors);
}

/**
 * Text Postgres cannot store must be a 400 here, not a failed query (a 500) or a silently altered value later:
 * a NUL character (refused in text columns) and a lone UTF-16 surrogate (refused in JSON columns, replaced
 * with U+FFFD in text ones). Checked for every string and key of body, query, path parameters and form data.
 */
export function refuseUnstorableText(input: unknown, locale: AppLocale): void {
  const bad = findUnstorableString(input);
  if (bad !== null) {
    throw badRequest("invalid_characters", {
      [bad]: [{ code: "invalid_characters", message: translateError(locale, "invalid_characters") }],
    });
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isUnstorable(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

/**
 * The path ("a.b", "_form" at the top) of a string or key in `input` that Postgres cannot store (a NUL
 * character or a lone surrogate), or null.
 */
export function findUnstorableString(input: unknown): string | null {
  // Iterative, so that deeply nested JSON cannot overflow the stack.
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (isUnstorable(value)) return path || "_form";
    } else if (Array.isArray(value) || isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        if (isUnstorable(k)) return at;
        stack.push([v, at]);
      }
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

/** One issue as `{ code, message }`: the schema's own error code, a plain field code, or zod's issue code. */
function fieldError(issue: z.core.$ZodIssue, locale: AppLocale): FieldError {
  if (isErrorCode(locale, issue.message)) return { code: issue.message, message: translateError(locale, issue.message) };
  const plain = plainFieldCode(issue);
  if (plain) return { code: plain.code, message: translateError(locale, plain.code, plain.values) };
  return { code: issue.code, message: issue.message };
}

/** The JSON type of a value, as the invalid_type message names it. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Codes for the issues forms and clients meet most, in plain words: a missing field reads "required", not
 * "expected string, received undefined"; a number field holding something else reads "enter a number"; limits
 * read "enter 1 or more", not "Too small: expected number to be >=1".
 */
function plainFieldCode(issue: z.core.$ZodIssue): { code: string; values?: Record<string, string | number> } | undefined {
  if (issue.code === "invalid_type") {
    if (issue.path.length && issue.input === undefined) return { code: "field_required" };
    if (issue.path.length && issue.expected === "number") return { code: "number_expected" };
    if (issue.path.length && issue.expected === "int") return { code: "whole_number_expected" };
    // zod's zh-CN text leaves type names in English ("期望 string，实际接收 数字"): the types are named by our messages.
    return { code: "invalid_type", values: { expected: issue.expected, received: typeName(issue.input) } };
  }
  if (issue.code === "invalid_value") {
    return { code: "invalid_value", values: { options: issue.values.map((v) => String(v)).join(", ") } };
  }
  if (!issue.path.length) return undefined;
  if (issue.code === "too_small" && issue.origin === "array" && typeof issue.minimum === "number") {
    return { code: "list_too_short", values: { min: issue.minimum } };
  }
  if (issue.code === "too_big" && issue.origin === "array" && typeof issue.maximum === "number") {
    return { code: "list_too_long", values: { max: issue.maximum } };
  }
  if (issue.code === "too_small" && typeof issue.minimum === "number") {
    if (issue.origin === "number" && issue.inclusive !== false) return { code: "number_too_small", values: { min: issue.minimum } };
    if (issue.origin === "number") return { code: "number_above", values: { min: issue.minimum } };
    if (issue.origin === "string") return { code: "text_too_short", values: { min: issue.minimum } };
  }
  if (issue.code === "too_big" && typeof issue.maximum === "number" && issue.inclusive !== false) {
    if (issue.origin === "number") return { code: "number_too_big", values: { max: issue.maximum } };
    if (issue.origin === "string") return { code: "text_too_long", values: { max: issue.maximum } };
  }
  return undefined;
}
