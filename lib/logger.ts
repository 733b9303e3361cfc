import pino from "pino";

/**
 * Structured logs to stdout. Secrets never reach a log line: the redact list covers the field names that
 * carry them anywhere in the code (passwords, codes, tokens, cookies, secret links).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { service: process.env.SERVICE_NAME || "derpmanagement" },
  redact: {
    paths: [
      "password",
      "*.password",
      "code",
      "*.code",
      "token",
      "*.token",
      "secret",
      "*.secret",
      "authorization",
      "*.authorization",
      "cookie",
      "*.cookie",
      "headers.authorization",
      "headers.cookie",
    ],
    censor: "[redacted]",
  },
});
