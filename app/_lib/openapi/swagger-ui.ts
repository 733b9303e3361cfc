import { readFile } from "node:fs/promises";
import path from "node:path";
import swaggerUiPackage from "swagger-ui-dist/package.json";

/**
 * The API reference page is swagger-ui-dist (npm), served by the app itself from node_modules: nothing is
 * loaded from another site. The version in the asset URLs lets browsers cache them for long.
 */
export const SWAGGER_UI_VERSION: string = swaggerUiPackage.version;

// The page starts Swagger UI from a script file of ours, not an inline script, so a strict Content-Security-Policy
// (script-src 'self') would not break it. The online validator badge is off: it would call another site.
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    withCredentials: true,
  });
});
`;

/** The files the page may load, by the name in its URL. */
const ASSETS: Record<string, { contentType: string; read: () => Promise<string | Buffer> }> = {
  "swagger-ui-bundle.js": { contentType: "text/javascript; charset=utf-8", read: () => readPackageFile("swagger-ui-bundle.js") },
  "swagger-ui.css": { contentType: "text/css; charset=utf-8", read: () => readPackageFile("swagger-ui.css") },
  "init.js": { contentType: "text/javascript; charset=utf-8", read: async () => INIT_SCRIPT },
};

// Read from the installed package at run time (the server runs from the project folder, node_modules beside it).
const readPackageFile = (name: string) => readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", name));

/** One of the page's files, or null for any other name. */
export async function swaggerUiAsset(name: string): Promise<{ body: string | Buffer; contentType: string } | null> {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  return { body: await asset.read(), contentType: asset.contentType };
}

export function referencePage(): string {
  const v = encodeURIComponent(SWAGGER_UI_VERSION);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>derpmanagement API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css?v=${v}">
</head>
<body>
<div id="reference"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js?v=${v}"></script>
<script src="/api/docs/assets/init.js?v=${v}"></script>
</body>
</html>
`;
}
