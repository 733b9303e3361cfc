import type { z } from "zod";
import { findUnstorableString } from "@/lib/validation";
import { readAsSchemaTypes } from "@/lib/validation-text";

export type SearchParams = Record<string, string | string[] | undefined>;

/** First value of each parameter, empty ones dropped: what a GET filter form submits. */
export function flattenSearchParams(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v !== undefined && v.trim() !== "") out[key] = v;
  }
  return out;
}

/**
 * A page's filters from its query string. Invalid filters do not break the page: the defaults are used
 * and `invalid` lets the page say so.
 */
export function parsePageFilter<S extends z.ZodType>(
  schema: S,
  params: SearchParams,
): { filter: z.output<S>; raw: Record<string, string>; invalid: boolean } {
  const raw = flattenSearchParams(params);
  // Text Postgres cannot store is an invalid filter like any other.
  const parsed = findUnstorableString(raw) === null ? schema.safeParse(readAsSchemaTypes(schema, raw)) : null;
  if (parsed?.success) return { filter: parsed.data, raw, invalid: false };
  return { filter: schema.parse({}), raw, invalid: true };
}
