import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { regions, relays, servers, type Server } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import type { FieldErrorInput } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import type { AuditAction } from "@/lib/logs/audit-actions";
import { auditedSettings, changedSettings } from "./audit-details";
import { splitDockerConnection } from "./docker-connection";
import { dockerFromInput, dockerSettingsChanged } from "./docker-input";
import { findServerRow, readServerView } from "./read-servers";
import { recordServerCheck } from "./record-status";
import type { ServerPatch } from "./schemas";
import { openServerSecret, sealServerSecret } from "./secrets";
import { assertNameFree, regionForServer, uniqueName } from "./server-rules";
import type { ServerView } from "./server-view";
import { validateServerDraft, type HeldPorts } from "./validate-server";

/**
 * Admins only. Changes the fields given (enabling, disabling, draining and undraining are changes of `enabled` and
 * `draining`). The result is checked whole, as on create; a secret left out is kept (when the Docker connection
 * keeps its kind, or the naming stays `domain`). Port ranges must keep the ports live relays hold. Switching to
 * IP naming drops the wildcard certificate and key. Changed Docker settings reset the status to `unknown` until
 * the next check. Each kind of change gets its own audit entry: server.enable/disable, server.drain/undrain,
 * server.update (settings before and after, and which secrets were replaced).
 */
export async function updateServer(db: DbOrTx, actor: SessionUser, id: string, patch: ServerPatch, meta?: RequestMeta): Promise<ServerView> {
  assertAdmin(actor);
  await uniqueName(() =>
    db.transaction(async (tx) => {
      const current = await findServerRow(tx, id, { forUpdate: true });
      const [currentRegion] = await tx.select().from(regions).where(eq(regions.id, current.regionId));
      const errors: FieldErrorInput = {};
      let region = currentRegion;
      if (patch.region !== undefined && patch.region !== currentRegion.code) {
        region = (await regionForServer(tx, patch.region, errors)) ?? currentRegion;
      }
      const next = await mergePatch(tx, current, patch, errors);
      if (next.name !== current.name) await assertNameFree(tx, next.name, id);

      const at = now();
      const [row] = await tx
        .update(servers)
        .set({ ...next.values, regionId: region.id, updatedAt: at })
        .where(eq(servers.id, id))
        .returning();
      await auditChanges(tx, actor, meta, current, currentRegion.code, row, region.code, next.secretsReplaced);
      if (next.dockerChanged && current.status !== "unknown") {
        await recordServerCheck(tx, row, { status: "unknown", error: null, checked: false });
      }
    }),
  );
  return readServerView(db, id);
}

interface Merged {
  name: string;
  values: Partial<typeof servers.$inferInsert>;
  dockerChanged: boolean;
  secretsReplaced: string[];
}

async function mergePatch(tx: Tx, current: Server, patch: ServerPatch, errors: FieldErrorInput): Promise<Merged> {
  const pick = <K extends keyof ServerPatch & keyof Server>(k: K) => (patch[k] === undefined ? current[k] : patch[k]) as Server[K];
  const secretsReplaced: string[] = [];

  // Docker: new settings (a secret left out taken from the stored ones), or none to check.
  const given = patch.docker ? dockerFromInput(patch.docker, current) : null;
  const dockerChanged = given ? dockerSettingsChanged(given.connection, given.secretGiven, current) : false;
  if (given?.secretGiven) secretsReplaced.push("docker");

  // Naming: IP naming carries no domain, certificate or key.
  const naming = pick("derpNaming");
  const domain = naming === "domain";
  const derpDomain = domain ? (patch.derpDomain !== undefined ? patch.derpDomain : current.derpDomain) : null;
  const wildcardCertPem = domain ? (patch.wildcardCertPem !== undefined ? patch.wildcardCertPem : current.wildcardCertPem) : null;
  const keyGiven = domain && patch.wildcardKeyPem !== undefined;
  const wildcardKeyPem = !domain
    ? null
    : keyGiven
      ? patch.wildcardKeyPem!
      : current.wildcardKeySealed
        ? openServerSecret(current.id, "wildcard", current.wildcardKeySealed)
        : null;
  if (keyGiven) secretsReplaced.push("wildcardKey");
  const wildcardChanged =
    keyGiven || naming !== current.derpNaming || derpDomain !== current.derpDomain || wildcardCertPem !== current.wildcardCertPem;

  const draft = validateServerDraft(
    {
      publicIpv4: pick("publicIpv4"),
      derpNaming: naming,
      derpDomain,
      wildcardCertPem,
      wildcardKeyPem,
      derpPortMin: pick("derpPortMin"),
      derpPortMax: pick("derpPortMax"),
      stunPortMin: pick("stunPortMin"),
      stunPortMax: pick("stunPortMax"),
      capacity: pick("capacity"),
      docker: dockerChanged && given ? given.connection : null,
    },
    { docker: dockerChanged, wildcard: wildcardChanged },
    { errors, held: await heldPorts(tx, current.id) },
  );

  const values: Partial<typeof servers.$inferInsert> = {
    name: pick("name"),
    publicIpv4: draft.publicIpv4,
    publicIpv6: pick("publicIpv6"),
    derpNaming: draft.derpNaming,
    derpDomain: draft.derpDomain,
    wildcardCertPem: draft.wildcardCertPem,
    derpPortMin: draft.derpPortMin,
    derpPortMax: draft.derpPortMax,
    stunPortMin: draft.stunPortMin,
    stunPortMax: draft.stunPortMax,
    capacity: draft.capacity,
    networkMode: pick("networkMode"),
    relayCpuLimit: pick("relayCpuLimit"),
    relayMemoryLimitBytes: pick("relayMemoryLimitBytes"),
    enabled: pick("enabled"),
    draining: pick("draining"),
  };
  if (!domain) values.wildcardKeySealed = null;
  else if (keyGiven) values.wildcardKeySealed = sealServerSecret(current.id, "wildcard", draft.wildcardKeyPem!);
  if (dockerChanged && draft.docker) {
    const { stored, secret } = splitDockerConnection(draft.docker);
    values.dockerConnection = stored;
    values.dockerSecretSealed = secret ? sealServerSecret(current.id, "docker", secret) : null;
  }
  return { name: values.name!, values, dockerChanged, secretsReplaced };
}

async function heldPorts(tx: Tx, serverId: string): Promise<HeldPorts> {
  const rows = await tx
    .select({ derp: relays.derpPort, stun: relays.stunPort })
    .from(relays)
    .where(and(eq(relays.serverId, serverId), ne(relays.state, "released")));
  return { derp: rows.map((r) => r.derp), stun: rows.map((r) => r.stun) };
}

async function auditChanges(
  tx: Tx,
  actor: SessionUser,
  meta: RequestMeta | undefined,
  before: Server,
  beforeRegion: string,
  after: Server,
  afterRegion: string,
  secretsReplaced: string[],
): Promise<void> {
  const entry = (action: AuditAction, details: Record<string, unknown>) =>
    writeAudit(tx, { actor: auditActor(actor), action, target: { type: "server", id: after.id }, meta, details: { name: after.name, ...details } });
  if (before.enabled !== after.enabled) await entry(after.enabled ? "server.enable" : "server.disable", {});
  if (before.draining !== after.draining) await entry(after.draining ? "server.drain" : "server.undrain", {});
  const { enabled: _e, draining: _d, ...b } = auditedSettings(before, beforeRegion);
  const { enabled: _e2, draining: _d2, ...a } = auditedSettings(after, afterRegion);
  const changes = changedSettings(b, a);
  if (Object.keys(changes.after).length > 0 || secretsReplaced.length > 0) {
    await entry("server.update", { ...changes, secretsReplaced });
  }
}
