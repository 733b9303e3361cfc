import pino from "pino";

/**
 * Drizzle puts a failed query's parameters into the error (`params` and the message's "params:" line);
 * they can hold password or code hashes and emails, so they never reach a log line.
 */
function errWithoutParams(err: Error): Record<string, unknown> {
  const out = pino.stdSerializers.errWithCause(err) as unknown as Record<string, unknown>;
  delete out.params;
  for (const key of ["message", "stack"]) {
    if (typeof out[key] === "string") out[key] = (out[key] as string).replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
  }
  if (out.cause && typeof out.cause === "object") out.cause = errWithoutParams(out.cause as Error);
  return out;
}

/**
 * Structured logs to stdout. Secrets never reach a log line: the redact list covers the field names that
 * carry them anywhere in the code (passwords, codes, tokens, cookies, secret links).
 */
export const loggerOptions: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL || "info",
  base: { service: process.env.SERVICE_NAME || "derpmanagement" },
  serializers: { err: errWithoutParams },
  redact: {
    // `code` only at the top level and in request bodies: an error's `code` (ECONNREFUSED, 23505) is useful.
    paths: [
      "password",
      "*.password",
      "code",
      "body.code",
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
};

export const logger = pino(loggerOptions);
