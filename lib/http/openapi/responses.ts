/**
 * How a route answers, for the API reference. The envelopes are exact (README "API conventions"); what is
 * inside `data` and `items` is described loosely (any JSON object) unless a route's entry gives a schema,
 * because most answers are the lib function's return value and have no zod schema of their own.
 */
export type JsonSchema = Record<string, unknown>;

export type ResponseSpec =
  /** 200 or 201 `{ data }`. */
  | { kind: "data"; status: 200 | 201; schema?: JsonSchema }
  /** 200 `{ items, nextCursor }`. */
  | { kind: "list"; item?: JsonSchema }
  /** 202 or 204 without a body. */
  | { kind: "empty"; status: 202 | 204 }
  /** 200 with a download (CSV, a DERP map file). */
  | { kind: "file"; contentTypes: string[] };

export const dataOf = (schema?: JsonSchema): ResponseSpec => ({ kind: "data", status: 200, schema });
export const createdOf = (schema?: JsonSchema): ResponseSpec => ({ kind: "data", status: 201, schema });
export const listOf = (item?: JsonSchema): ResponseSpec => ({ kind: "list", item });
export const accepted: ResponseSpec = { kind: "empty", status: 202 };
export const noContent: ResponseSpec = { kind: "empty", status: 204 };
export const fileOf = (...contentTypes: string[]): ResponseSpec => ({ kind: "file", contentTypes });

const LOOSE_OBJECT: JsonSchema = { type: "object", description: "Described loosely: see the route's summary." };

/** `{ error: { code, message, fieldErrors? } }`, as lib/http/error-body.ts writes it. */
export const ERROR_ENVELOPE: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "A stable code, listed in messages/<locale>/errors.json." },
        message: { type: "string", description: "The code in the caller's language." },
        fieldErrors: {
          type: "object",
          description: "Per field (dotted path, `_form` for the whole input): what is wrong with it.",
          additionalProperties: {
            type: "array",
            items: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
          },
        },
      },
    },
  },
};

const json = (schema: JsonSchema) => ({ "application/json": { schema } });

/** The OpenAPI responses object of one operation: its own answers, then the error envelope for 4XX and 5XX. */
export function responsesOf(specs: ResponseSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    switch (spec.kind) {
      case "data":
        out[String(spec.status)] = {
          description: spec.status === 201 ? "Created: `{ data }`." : "`{ data }`.",
          content: json({ type: "object", required: ["data"], properties: { data: spec.schema ?? LOOSE_OBJECT } }),
        };
        break;
      case "list":
        out["200"] = {
          description: "A page: `{ items, nextCursor }`; pass `nextCursor` back as `?cursor=` (null on the last page).",
          content: json({
            type: "object",
            required: ["items", "nextCursor"],
            properties: {
              items: { type: "array", items: spec.item ?? LOOSE_OBJECT },
              nextCursor: { type: ["string", "null"] },
            },
          }),
        };
        break;
      case "empty":
        out[String(spec.status)] = { description: spec.status === 202 ? "Accepted, no body." : "Done, no body." };
        break;
      case "file":
        out["200"] = {
          description: "A download (`Content-Disposition: attachment`).",
          content: Object.fromEntries(spec.contentTypes.map((t) => [t, { schema: {} }])),
        };
        break;
    }
  }
  out["4XX"] = { description: "Refused: bad input, not signed in, not allowed, not found, conflict, throttled.", content: json(ERROR_ENVELOPE) };
  out["5XX"] = { description: "A dependency is down (503: a Docker host, the database); never a 500 by design.", content: json(ERROR_ENVELOPE) };
  return out;
}
