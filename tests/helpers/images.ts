import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type Docker from "dockerode";

/**
 * The project's own test images, built from files under deploy/test-images/ (no registry, nothing pulled).
 * Every image carries a label with the hash of what it was built from, so a build happens only when the
 * image is missing or its sources changed, and repeated test runs reuse it.
 */

const IMAGES_DIR = fileURLToPath(new URL("../../deploy/test-images", import.meta.url));
const HASH_LABEL = "org.derpmanagement.test-image.hash";

/** node + its shared libraries (deploy/test-images/build-rootfs.sh); the base of every test image. */
export const NODE_BASE_IMAGE = "derpmanagement-test/node-base:latest";
/** Prints `hello from the derpmanagement test image: $HELLO_NAME (node vX)` and exits 0. */
export const HELLO_IMAGE = "derpmanagement-test/hello:latest";

const execFileAsync = promisify(execFile);
const pending = new Map<string, Promise<string>>();

/** Builds the node base image from a freshly assembled rootfs unless the same content is already built. */
export function ensureNodeBaseImage(docker: Docker): Promise<string> {
  return once(NODE_BASE_IMAGE, async () => {
    const context = mkdtempSync(path.join(os.tmpdir(), "derp-node-base-"));
    try {
      // The node running the tests is the one copied, so the image matches the runtime the tests use.
      await execFileAsync("bash", [path.join(IMAGES_DIR, "build-rootfs.sh"), path.join(context, "rootfs"), process.execPath]);
      copyFileSync(path.join(IMAGES_DIR, "node-base", "Dockerfile"), path.join(context, "Dockerfile"));
      return await ensureTestImage(docker, NODE_BASE_IMAGE, context);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  });
}

export function ensureHelloImage(docker: Docker): Promise<string> {
  return once(HELLO_IMAGE, async () => {
    const baseId = await ensureNodeBaseImage(docker);
    // The base's id is part of the hash: a rebuilt base must rebuild the images on top of it.
    return ensureTestImage(docker, HELLO_IMAGE, path.join(IMAGES_DIR, "hello"), baseId);
  });
}

/**
 * Builds `tag` from `contextDir` (a folder with a Dockerfile) unless the tagged image was built from the same
 * content. Returns the image id. `extraHashInput` adds what the folder does not show (e.g. the base image id).
 */
export async function ensureTestImage(docker: Docker, tag: string, contextDir: string, extraHashInput = ""): Promise<string> {
  const hash = hashContext(contextDir, extraHashInput);
  const existing = await inspectImage(docker, tag);
  if (existing && existing.labels[HASH_LABEL] === hash) return existing.id;

  const events = await withTarredContext(contextDir, async (tarStream) => {
    const stream = await docker.buildImage(tarStream, { t: tag, labels: { [HASH_LABEL]: hash }, rm: true, forcerm: true });
    return new Promise<BuildEvent[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, output: BuildEvent[]) => (error ? reject(error) : resolve(output)));
    });
  });
  const failed = events.find((e) => e.error || e.errorDetail);
  if (failed) {
    const log = events.map((e) => e.stream ?? "").join("");
    throw new Error(`building ${tag} failed: ${failed.error ?? failed.errorDetail?.message}\n${log}`);
  }
  const built = await inspectImage(docker, tag);
  if (!built || built.labels[HASH_LABEL] !== hash) throw new Error(`building ${tag} reported success but the image is missing`);
  if (existing && existing.id !== built.id) await removeOldImage(docker, existing.id);
  return built.id;
}

type BuildEvent = { stream?: string; error?: string; errorDetail?: { message?: string } };

function once(key: string, build: () => Promise<string>): Promise<string> {
  let p = pending.get(key);
  if (!p) {
    p = build();
    pending.set(key, p);
    // A failed build may be retried by a later call instead of replaying the same rejection.
    p.catch(() => pending.delete(key));
  }
  return p;
}

async function inspectImage(docker: Docker, tag: string): Promise<{ id: string; labels: Record<string, string> } | null> {
  try {
    const info = await docker.getImage(tag).inspect();
    return { id: info.Id, labels: info.Config?.Labels ?? {} };
  } catch (error) {
    if (statusCode(error) === 404) return null;
    throw error;
  }
}

/** The previous build of a tag is garbage once the tag moved; an image still used by a container stays. */
async function removeOldImage(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getImage(id).remove();
  } catch (error) {
    if (statusCode(error) !== 409) throw error;
    console.warn(`[test-images] kept old image ${id}: still in use`);
  }
}

function statusCode(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error ? Number(error.statusCode) : undefined;
}

/** Relative path, permission bits and bytes of every file: what COPY would put into the image. */
function hashContext(dir: string, extra: string): string {
  const hash = createHash("sha256").update(extra).update("\0");
  const entries = (readdirSync(dir, { recursive: true }) as string[]).sort();
  for (const rel of entries) {
    const full = path.join(dir, rel);
    const stat = statSync(full);
    hash.update(`${rel}\0${(stat.mode & 0o7777).toString(8)}\0${stat.isDirectory() ? "dir" : stat.size}\0`);
    if (stat.isFile()) hash.update(readFileSync(full));
  }
  return hash.digest("hex");
}

/**
 * Hands the build context to `consume` as an uncompressed tar made by GNU tar, which keeps modes exactly (the
 * rootfs /tmp is 1777; dockerode's own packer applies the umask) and skips gzipping 100 MB for a local socket.
 * The tar is written to a file first so that a tar failure is reported as such, not as a broken build.
 */
async function withTarredContext<T>(dir: string, consume: (tar: NodeJS.ReadableStream) => Promise<T>): Promise<T> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "derp-build-context-"));
  try {
    const file = path.join(tmp, "context.tar");
    await execFileAsync("tar", ["-C", dir, "--owner=0", "--group=0", "--numeric-owner", "-cf", file, "."]);
    return await consume(createReadStream(file));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
