import { NextResponse } from "next/server";
import { openApiDocument } from "@/app/_lib/openapi/document";
import { methods } from "@/lib/http/methods";

/** The OpenAPI 3.1 document of every JSON route (public: it describes the API, it reveals no data). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async () => NextResponse.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
});
