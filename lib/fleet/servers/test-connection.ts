import type { DbOrTx } from "@/db/client";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { DockerConnectionError, readHostInfo, testDockerConnection, type DockerErrorCode, type DockerHostInfo } from "../docker-client";
import { serverDockerClient } from "./docker-connection";
import { dockerFromInput } from "./docker-input";
import { findServerRow } from "./read-servers";
import { recordServerCheck } from "./record-status";
import type { DockerInput } from "./schemas";
import { validateDockerSettings } from "./validate-server";

/** Per Docker call (a test makes two): a test answers within about 10 s whatever the host does. */
const TEST_CALL_TIMEOUT_MS = 5_000;

export type ConnectionTestResult =
  | { ok: true; hostInfo: DockerHostInfo; testedAt: Date; durationMs: number }
  | { ok: false; error: { code: DockerErrorCode; message: string }; testedAt: Date; durationMs: number };

/**
 * Admins only. Asks a saved server's engine for its version, CPUs, memory and running containers, or says
 * exactly why it could not. The answer is recorded on the server: host info and status `up` when the engine
 * answered a server that was `down` or not yet checked (the health job refines `up` and `degraded`), `down`
 * with the error when it did not.
 */
export async function testServerConnection(db: DbOrTx, actor: SessionUser, id: string): Promise<ConnectionTestResult> {
  assertAdmin(actor);
  const server = await findServerRow(db, id);
  const result = await timed(() => readHostInfo(serverDockerClient(server), { timeoutMs: TEST_CALL_TIMEOUT_MS }));
  if (result.ok) {
    const { dockerVersion, cpus, memoryBytes, containersRunning } = result.hostInfo;
    await recordServerCheck(db, server, {
      status: server.status === "down" || server.status === "unknown" ? "up" : server.status,
      error: null,
      hostInfo: { dockerVersion, cpus, memoryBytes, containersRunning },
    });
  } else {
    await recordServerCheck(db, server, { status: "down", error: result.error.message });
  }
  return result;
}

/**
 * Admins only. The same test for settings not saved yet (the form's "Test connection"). Secrets left empty are
 * taken from `serverId`'s stored ones when the kind is the same. Bad settings are a 400 naming the field, as on
 * save; nothing is recorded.
 */
export async function testConnectionSettings(
  db: DbOrTx,
  actor: SessionUser,
  input: DockerInput,
  serverId?: string,
): Promise<ConnectionTestResult> {
  assertAdmin(actor);
  const current = serverId ? await findServerRow(db, serverId) : undefined;
  const connection = validateDockerSettings(dockerFromInput(input, current).connection);
  return timed(() => testDockerConnection(connection, { timeoutMs: TEST_CALL_TIMEOUT_MS }));
}

async function timed(run: () => Promise<DockerHostInfo>): Promise<ConnectionTestResult> {
  const testedAt = now();
  const started = performance.now();
  try {
    const hostInfo = await run();
    return { ok: true, hostInfo, testedAt, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const error =
      e instanceof DockerConnectionError
        ? { code: e.code, message: e.message }
        : { code: "engine" as const, message: e instanceof Error ? e.message : String(e) };
    return { ok: false, error, testedAt, durationMs: Math.round(performance.now() - started) };
  }
}
