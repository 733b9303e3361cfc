import { buildOpenApiDocument } from "@/lib/http/openapi/document";
import { version } from "@/package.json";
import { DOCUMENTED_ROUTES } from "./routes";

let cached: ReturnType<typeof buildOpenApiDocument> | null = null;

/** The API's OpenAPI 3.1 document, built once per process from the route modules themselves. */
export function openApiDocument() {
  cached ??= buildOpenApiDocument(DOCUMENTED_ROUTES, { version });
  return cached;
}
