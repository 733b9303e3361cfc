import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "./logger";

describe("logger", () => {
  it("drops a failed query's parameters from logged errors and keeps the error code", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // The same options as the app's logger, writing to memory.
    const log = pino(loggerOptions, sink);
    const cause = Object.assign(new Error("duplicate key"), { code: "23505" });
    const err = Object.assign(new Error("Failed query: insert into users values ($1)\nparams: secret-hash-123"), {
      params: ["secret-hash-123"],
      cause,
    });
    log.error({ err, password: "hunter22" }, "boom");
    const text = lines.join("");
    expect(text).toContain("Failed query");
    expect(text).toContain("23505");
    expect(text).not.toContain("secret-hash-123");
    expect(text).not.toContain("hunter22");
  });
});
