import { z } from "zod";
import { METHOD_NOT_ALLOWED, METHODS, type Method } from "@/lib/http/methods";
import { routeSpecOf, type RouteSpec } from "@/lib/http/route-spec";
import { responsesOf, type JsonSchema, type ResponseSpec } from "./responses";

/** One method of a documented route: what it is for and how it answers (its input comes from its schemas). */
export interface Operation {
  summary: string;
  responses: ResponseSpec[];
}

/** A route module as the API reference sees it: its path, its exported handlers and a word on each method. */
export interface DocumentedRoute {
  /** As on disk under app/: "/api/admin/plans/[id]". */
  route: string;
  /** The module's exports (GET, POST, …); handlers made by apiRoute() carry their schemas. */
  handlers: Partial<Record<Method, unknown>>;
  operations: Partial<Record<Method, Operation>>;
  /** The declaration of handlers written by hand (not through apiRoute), such as the health check. */
  spec?: RouteSpec;
}

export const BEARER = "bearerToken";
export const SESSION_COOKIE = "sessionCookie";

/** "/api/plans/[id]" → "/api/plans/{id}". */
export const openApiPath = (route: string) => route.replace(/\[([^\]]+)\]/g, "{$1}");

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as the caller writes it (before defaults). */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Query or path parameters from an object schema, one per property. */
function parametersOf(schema: z.ZodType | undefined, where: "query" | "path"): unknown[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  if (json.type !== "object") throw new Error(`${where} schema is not an object: cannot list its parameters`);
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...schemaOnly } = property;
    return { name, in: where, required: where === "path" || required.has(name), schema: schemaOnly, ...(description ? { description } : {}) };
  });
}

function securityOf(spec: RouteSpec): unknown[] {
  const signedIn = [{ [BEARER]: [] }, { [SESSION_COOKIE]: [] }];
  // Public routes read a session when there is one (logout ends it): anonymous first.
  return spec.access === "public" ? [{}, ...signedIn] : signedIn;
}

const ACCESS_NOTE = {
  public: "Anyone.",
  user: "Signed in (session cookie or API token); reaches the caller's own data, an admin's anyone's.",
  admin: "Admins only.",
} as const;

function operationOf(route: string, method: Method, spec: RouteSpec, op: Operation) {
  const path = openApiPath(route);
  const parameters = [...parametersOf(spec.params, "path"), ...parametersOf(spec.query, "query")];
  const notes: string[] = [ACCESS_NOTE[spec.access]];
  if (spec.access !== "public" && method !== "GET") notes.push("A read-only API token is refused (403 token_read_only).");
  if (spec.sameSiteOnly || method !== "GET") notes.push("Refused from another site (403 cross_site).");
  return {
    operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: op.summary,
    description: notes.join(" "),
    tags: [path.split("/")[2] ?? "api"],
    "x-access": spec.access,
    security: securityOf(spec),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            // An empty body is read as `{}` (lib/http/read-body.ts): required only when `{}` is not valid.
            required: !spec.body.safeParse({}).success,
            content: { "application/json": { schema: jsonSchemaOf(spec.body) } },
          },
        }
      : {}),
    responses: responsesOf(op.responses),
  };
}

const isNotAllowed = (handler: unknown) =>
  typeof handler === "function" && Boolean((handler as unknown as Record<symbol, unknown>)[METHOD_NOT_ALLOWED]);

/**
 * The OpenAPI 3.1 document of the given routes. Throws when a route and its entry disagree: a method the module
 * implements without an entry, an entry for a method it does not implement, or a hand-written handler without
 * a declaration, so the document can not drift from the code.
 */
export function buildOpenApiDocument(routes: DocumentedRoute[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const item: Record<string, unknown> = {};
    for (const method of METHODS) {
      const handler = r.handlers[method];
      const implemented = typeof handler === "function" && !isNotAllowed(handler);
      const op = r.operations[method];
      if (implemented && !op) throw new Error(`${method} ${r.route} is implemented but has no entry in the API reference`);
      if (!implemented && op) throw new Error(`${method} ${r.route} has an entry in the API reference but is not implemented`);
      if (!op) continue;
      const spec = routeSpecOf(handler) ?? r.spec;
      if (!spec) throw new Error(`${method} ${r.route} is not an apiRoute(): its entry needs a spec`);
      item[method.toLowerCase()] = operationOf(r.route, method, spec, op);
    }
    paths[openApiPath(r.route)] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "derpmanagement API",
      version: info.version,
      description:
        "Generated at run time from the zod schemas the routes validate with (lib/http/openapi). Answers are " +
        "`{ data }` or `{ items, nextCursor }`; errors `{ error: { code, message, fieldErrors } }` in the caller's " +
        "language. What is inside `data` and `items` is described loosely where a route has no response schema.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        [BEARER]: { type: "http", scheme: "bearer", description: "An API token (`dmt_…`), created on the profile page." },
        [SESSION_COOKIE]: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session (`__Secure-` prefixed behind HTTPS)." },
      },
    },
    paths,
  };
}
