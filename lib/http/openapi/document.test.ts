import { describe, expect, it } from "vitest";
import { z } from "zod";
import { methods } from "@/lib/http/methods";
import { withRouteSpec } from "@/lib/http/route-spec";
import { buildOpenApiDocument, type DocumentedRoute } from "./document";
import { dataOf, noContent } from "./responses";

const handler = (spec: Parameters<typeof withRouteSpec>[0]) => withRouteSpec(spec, async () => new Response(null));
const body = z.object({ name: z.string().min(1), note: z.string().default("") });
const mod = methods({
  GET: handler({ access: "user", params: z.object({ id: z.uuid() }), query: z.object({ limit: z.number().int().default(5) }) }),
  POST: handler({ access: "admin", params: z.object({ id: z.uuid() }), body }),
});
const build = (r: Partial<DocumentedRoute>) =>
  buildOpenApiDocument([{ route: "/api/things/[id]", handlers: mod, operations: {}, ...r }], { version: "1" });

describe("buildOpenApiDocument", () => {
  it("refuses an implemented method without an entry, an entry without a method, and a hand-written handler without a spec", () => {
    expect(() => build({ operations: { GET: { summary: "x", responses: [dataOf()] } } })).toThrow(/POST \/api\/things\/\[id\] is implemented/);
    expect(() =>
      build({
        operations: {
          GET: { summary: "x", responses: [dataOf()] },
          POST: { summary: "y", responses: [dataOf()] },
          DELETE: { summary: "z", responses: [noContent] },
        },
      }),
    ).toThrow(/DELETE .* not implemented/);
    const plain = methods({ GET: async () => new Response(null) });
    expect(() => build({ handlers: plain, operations: { GET: { summary: "x", responses: [dataOf()] } } })).toThrow(/needs a spec/);
  });

  it("turns the route's schemas into parameters, a body and its security", () => {
    const doc = build({
      operations: { GET: { summary: "read", responses: [dataOf()] }, POST: { summary: "write", responses: [noContent] } },
    });
    const item = doc.paths["/api/things/{id}"] as Record<string, Record<string, unknown>>;
    expect(item.get.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: expect.objectContaining({ type: "string", format: "uuid" }) },
      { name: "limit", in: "query", required: false, schema: expect.objectContaining({ type: "integer", default: 5 }) },
    ]);
    expect(item.post.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: expect.objectContaining({ required: ["name"] }) } },
    });
    expect(item.post["x-access"]).toBe("admin");
    expect(item.post.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    expect(Object.keys(item.post.responses as object)).toEqual(["204", "4XX", "5XX"]);
  });
});
