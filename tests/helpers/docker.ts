import Docker from "dockerode";

/**
 * The Docker engine for integration tests. Tests that need one decide at collection time:
 *
 *   const docker = await dockerForTests();
 *   describe.skipIf(!docker)("containers", () => { ... docker! ... });
 *
 * No engine reachable: in CI (CI=true) that is a failure, since CI must prove the container code works; on a
 * developer machine the tests are skipped with a loud notice saying how to get an engine.
 */

const PING_TIMEOUT_MS = 5_000;

let cached: Promise<Docker | null> | undefined;

/** Where the engine is looked for, as the docker CLI and dockerode read it. */
export function dockerTarget(): string {
  return process.env.DOCKER_HOST || "unix:///var/run/docker.sock";
}

export function dockerForTests(): Promise<Docker | null> {
  cached ??= connect();
  return cached;
}

async function connect(): Promise<Docker | null> {
  // dockerode reads DOCKER_HOST (and DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) itself, else the default socket. The
  // probe client has a short timeout so that a dead TCP endpoint cannot hang collection; the returned client
  // has none, because image builds legitimately take a while.
  const probe = new Docker({ timeout: PING_TIMEOUT_MS });
  let failure: string;
  try {
    await probe.ping();
    return new Docker();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }

  if (process.env.CI === "true") {
    throw new Error(
      `A Docker engine is required in CI, but none answered at ${dockerTarget()} (${failure}). ` +
        "Start one with scripts/ci/ensure-docker.sh (.ci/run does this).",
    );
  }
  const bar = "!".repeat(78);
  console.warn(
    [
      "",
      bar,
      `!!  NO DOCKER ENGINE at ${dockerTarget()}: tests that need Docker are SKIPPED.`,
      `!!  (${failure})`,
      "!!  Start one with `bash scripts/ci/ensure-docker.sh` (as root) or set DOCKER_HOST.",
      "!!  In CI (CI=true) these tests fail instead of skipping.",
      bar,
      "",
    ].join("\n"),
  );
  return null;
}

/** Splits the multiplexed log stream of a container created without a TTY into stdout and stderr. */
export function demuxDockerLogs(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  // Each frame: 1 byte stream id (1 stdout, 2 stderr), 3 zero bytes, 4 bytes big-endian payload length.
  while (offset + 8 <= raw.length) {
    const streamId = raw[offset];
    const size = raw.readUInt32BE(offset + 4);
    const payload = raw.subarray(offset + 8, offset + 8 + size);
    (streamId === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  if (offset !== raw.length) throw new Error(`malformed docker log stream (${raw.length - offset} trailing bytes)`);
  return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
