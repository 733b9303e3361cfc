import type { z } from "zod";

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };

const def = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch"]);

/** The schema that first sees the value: through optional, default, nullable and the input side of pipes. */
function inputSide(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let d = def(s); ; d = def(s)) {
    if (d.innerType && WRAPPERS.has(d.type)) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else return s;
  }
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "on", "1"]);
const FALSE = new Set(["false", "off", "0"]);

/**
 * Form data, query strings and path segments carry only text. Rather than a second schema with `z.coerce`
 * for them (which would coerce JSON too: "", null, false and [] to 0, "0x10" to 16, [5] to 5), the one schema
 * declares the real types and this reads text as those types before it is parsed: a decimal numeral becomes
 * a number for a number field, "true"/"on"/"1" and "false"/"off"/"0" a boolean for a boolean field, and an
 * empty value is a missing one. Anything else stays text and the schema refuses it ("enter a number").
 * JSON input never comes through here.
 */
export function readAsSchemaTypes(schema: z.ZodType, value: unknown): unknown {
  if (value === "") return undefined;
  const d = def(inputSide(schema));
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (d.type === "number" && DECIMAL.test(text)) return Number(text);
    if (d.type === "boolean" && TRUE.has(text)) return true;
    if (d.type === "boolean" && FALSE.has(text)) return false;
    return value;
  }
  if (Array.isArray(value) && d.type === "array" && d.element) return value.map((v) => readAsSchemaTypes(d.element!, v));
  if (value && typeof value === "object" && !Array.isArray(value) && d.type === "object" && d.shape) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = d.shape[k] ? readAsSchemaTypes(d.shape[k], v) : v === "" ? undefined : v;
    return out;
  }
  return value;
}
