import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { findUserByEmail } from "./find-user";
import { generatePassword, printOnce, upsertAdmin } from "./first-admin";
import { emailField } from "./schemas";

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `npm run admin:create -- <email>`: creates an admin with a generated password (printed once), or makes an
 * existing account an admin (its password stays). Returns the process exit code.
 */
export async function adminCreate(db: Db, args: string[], out: CliOutput, print = printOnce): Promise<number> {
  const parsed = parseAdminCreateArgs(args);
  if ("error" in parsed) {
    out.error(parsed.error);
    return 2;
  }
  const email = parsed.email;
  const existing = await findUserByEmail(db, email);
  if (existing?.role === "admin" && existing.status === "active") {
    out.log(`${email} is already an admin; nothing changed.`);
    return 0;
  }
  if (existing) {
    await upsertAdmin(db, email, null, "admin:create");
    out.log(`${email} is now an active admin; its password is unchanged.`);
    return 0;
  }
  const password = generatePassword();
  await upsertAdmin(db, email, password, "admin:create");
  print([
    `Admin account created. Log in at ${env().APP_URL}/login`,
    `  email:    ${email}`,
    `  password: ${password}`,
    "This password is shown only now: keep it, then change it on your profile page.",
  ]);
  return 0;
}

/** The email argument, checked before any database is opened. */
export function parseAdminCreateArgs(args: string[]): { email: string } | { error: string } {
  const positional = args.filter((a) => a !== "--");
  if (positional.length !== 1) return { error: "usage: npm run admin:create -- <email>" };
  const parsed = emailField.safeParse(positional[0]);
  return parsed.success ? { email: parsed.data } : { error: `not a valid email address: ${positional[0]}` };
}
