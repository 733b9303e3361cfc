import { authenticate } from "@/lib/accounts/login";
import { hashPassword } from "@/lib/auth/password";
import { users } from "@/db/schema";
import { openBenchDb } from "./db";

const RUNS = 20;

/**
 * The credential check behind every login (POST /api/user/login, the login form, next-auth): throttle
 * counters, user lookup, argon2id verification (19 MiB, t=2), last-login update and audit entry.
 */
export async function benchLogin(): Promise<void> {
  const bench = await openBenchDb("login");
  try {
    const { db } = bench.handle;
    const password = "bench password 1";
    await db.insert(users).values({ email: "bench-login@example.com", passwordHash: await hashPassword(password), status: "active" });
    const meta = { ip: "198.51.100.7", userAgent: "bench" };
    const input = { email: "bench-login@example.com", password };
    for (let i = 0; i < 3; i++) await authenticate(db, input, meta);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await authenticate(db, input, meta);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
    console.log(`login: ${bench.label}`);
    console.log(`  credential check, ${RUNS} runs: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[RUNS - 1].toFixed(1)} ms`);
  } finally {
    await bench.dispose();
  }
}
