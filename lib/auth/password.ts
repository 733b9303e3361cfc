import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * Password hashing with argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane). The parameters live in
 * the hash string, so raising them later still verifies old hashes.
 */
const options = {
  // Algorithm is a const enum that isolated modules cannot read; 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when there is no account to check against, so that answers for
 * unknown emails are not faster than for known ones.
 */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy password for timing only");
  await verify(await dummyHash, password);
}
