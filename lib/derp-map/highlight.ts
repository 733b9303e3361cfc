import hljs from "highlight.js/lib/core";
import json from "highlight.js/lib/languages/json";
import yaml from "highlight.js/lib/languages/yaml";
import type { DerpMapFormat } from "./types";

// Only the two grammars the maps need (the full bundle is ~190 languages); json's covers the `//` comments of
// the Tailscale fragment.
hljs.registerLanguage("json", json);
hljs.registerLanguage("yaml", yaml);

/**
 * A rendered map as highlighted HTML, made on the server so the page ships no highlighter. highlight.js escapes
 * the text it wraps, so the result may be set as HTML.
 */
export function highlightDerpMap(body: string, format: DerpMapFormat): string {
  return hljs.highlight(body, { language: format === "headscale" ? "yaml" : "json", ignoreIllegals: true }).value;
}
