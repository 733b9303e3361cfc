import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";

/**
 * The relay image the tests run: real derper built by deploy/relay/build-image.sh (.ci/run builds it before the
 * tests). Tests never build it themselves: a cold build takes minutes. Decide at collection time:
 *
 *   const docker = await dockerForTests();
 *   const relayImage = docker && (await relayImageForTests(docker));
 *   describe.skipIf(!relayImage)("relay", () => { ... });
 *
 * Missing image: in CI (CI=true) a failure; on a developer machine the tests are skipped with a loud notice.
 */

const RELAY_DIR = fileURLToPath(new URL("../../deploy/relay/", import.meta.url));
const BUILD_SCRIPT = `${RELAY_DIR}build-image.sh`;

/** The pins of deploy/relay/versions.env (TAILSCALE_VERSION, HEADSCALE_VERSION, ...). */
export function relayVersions(): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const line of readFileSync(`${RELAY_DIR}versions.env`, "utf8").split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(\S+)\s*$/.exec(line);
    if (match) pins[match[1]] = match[2];
  }
  return pins;
}

/**
 * The exact tag the current sources build (`derpmanagement/derper:<version>-<hash of the inputs>`), asked from
 * the build script itself so the hash is computed in one place. A stale image (older entrypoint) does not match.
 */
export function relayImageTag(): string {
  return execFileSync("bash", [BUILD_SCRIPT, "--print-tag"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

let cached: Promise<string | null> | undefined;

export function relayImageForTests(docker: Docker): Promise<string | null> {
  cached ??= find(docker);
  return cached;
}

async function find(docker: Docker): Promise<string | null> {
  let failure: string;
  try {
    const tag = relayImageTag();
    try {
      await docker.getImage(tag).inspect();
      return tag;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      failure = `${tag} is not built`;
    }
  } catch (error) {
    const e = error as Error & { stderr?: string };
    failure = (e.stderr?.trim() || e.message).split("\n").slice(-3).join(" ");
  }

  if (process.env.CI === "true") {
    throw new Error(`The relay image is required in CI: ${failure}. Build it with deploy/relay/build-image.sh (.ci/run does this).`);
  }
  const bar = "!".repeat(78);
  console.warn(
    [
      "",
      bar,
      `!!  NO RELAY IMAGE: tests that run derper are SKIPPED (${failure}).`,
      "!!  Build it with `bash deploy/relay/build-image.sh` (minutes the first time, then cached).",
      "!!  In CI (CI=true) these tests fail instead of skipping.",
      bar,
      "",
    ].join("\n"),
  );
  return null;
}
