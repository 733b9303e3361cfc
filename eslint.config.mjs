import boundaries from "eslint-plugin-boundaries";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers of engineering.md "Boundaries". Each top-level folder is one element; an import between two of
 * them must be allowed below, or lint fails. Folders not listed (tests/, e2e/, bench/, scripts/) and the entry
 * files at the root (instrumentation.ts, configs) may import anything.
 */
const layers = [
  { type: "app", pattern: "app", partialMatch: false },
  { type: "components", pattern: "components", partialMatch: false },
  { type: "lib", pattern: "lib", partialMatch: false },
  { type: "db", pattern: "db", partialMatch: false },
  { type: "worker", pattern: "worker", partialMatch: false },
  { type: "server", pattern: "server", partialMatch: false },
];

const to = (...types) => ({ to: { element: { types } } });

const layerPolicies = [
  // Pages, route handlers and server actions: everything below them. Composition (server/) is reached only
  // from the entry points (instrumentation.ts, worker/index.ts, scripts/).
  { from: { element: { type: "app" } }, allow: to("components", "lib", "db") },
  // Components get their data from the page or from lib/, never from the database.
  { from: { element: { type: "components" } }, allow: to("lib") },
  // Client components call server actions, which are app's entry points made for them.
  { from: { element: { type: "components" } }, allow: { to: { element: { type: "app", fileInternalPath: "_actions/**" } } } },
  { from: { element: { type: "lib" } }, allow: to("db") },
  // db/ is the bottom: its configuration is passed in (configureDb), not read from lib/.
  { from: { element: { type: "worker" } }, allow: to("lib", "db") },
  // worker/index.ts is an entry point: it hands the process to the composition in server/.
  { from: { element: { type: "worker", fileInternalPath: "index.ts" } }, allow: to("server") },
  // Composition (boot, seeding, starting the schedules) may wire up everything but the UI.
  { from: { element: { type: "server" } }, allow: to("worker", "lib", "db") },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next*/**", "node_modules/**", "data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": layers,
      // Type-only imports count too: a component that names a db/ type still depends on db/.
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import", "require"],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          message: "{{from.type}}/ may not import {{to.type}}/ (engineering.md, Boundaries; README, Architecture)",
          policies: layerPolicies,
        },
      ],
    },
  },
  {
    // Modules below app/ must form a tree: an import cycle is an error, not a style question. (The `import`
    // plugin is registered by eslint-config-next.) Packages are not followed: they cannot import us, and
    // parsing them would cost minutes.
    files: ["lib/**", "db/**", "worker/**"],
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
];
export default config;
