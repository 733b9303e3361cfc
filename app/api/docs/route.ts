import { referencePage } from "@/app/_lib/openapi/swagger-ui";
import { methods } from "@/lib/http/methods";

/** The readable API reference: Swagger UI rendering /api/openapi.json, every file served by this app. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async () =>
    new Response(referencePage(), {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300" },
    }),
});
