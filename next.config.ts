import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // A separate build folder lets tests build beside a developer's own build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The production image (deploy/app/Dockerfile, which sets NEXT_OUTPUT=standalone) runs `node server.js` from
  // the standalone folder: the server and only the node_modules files it traces, without the build tooling.
  // Only there: `next start` (npm start, the e2e server) warns on a standalone build, which also copies
  // about 230 MB that those never use.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Native, WASM or worker-thread packages stay plain Node requires instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "pino",
    "pino-pretty",
    "dockerode",
    // Docker over SSH (through docker-modem), with optional native parts; also read directly to check SSH keys.
    "ssh2",
    "@node-rs/argon2",
    "node-cron",
    "ioredis",
    "rate-limiter-flexible",
  ],
  experimental: {
    // Request bodies are capped while they stream: routes at 1 MB (lib/http/read-body.ts), server actions here.
    serverActions: { bodySizeLimit: "1mb" },
    // The proxy (proxy.ts, only for paths with a "%") buffers a copy of the body and silently cuts it at this
    // size. Well above the routes' 1 MB (more than any socket chunk), a cut body is still too large for them: 413.
    proxyClientMaxBodySize: "2mb",
  },
  // Prometheus's conventional path; the route itself lives with the other API routes (app/api/metrics).
  async rewrites() {
    return [{ source: "/metrics", destination: "/api/metrics" }];
  },
  async headers() {
    // The DERP map page shows a secret link once, and the link itself is a secret URL: neither may leak in a
    // Referer (listed last, so it wins over the general policy).
    const noReferrer = [{ key: "Referrer-Policy", value: "no-referrer" }];
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/acl", headers: noReferrer },
      { source: "/acl/:path*", headers: noReferrer },
    ];
  },
};

export default withNextIntl(nextConfig);
