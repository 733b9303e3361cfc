import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { servers } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import type { FieldErrorInput } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { auditedSettings } from "./audit-details";
import { splitDockerConnection } from "./docker-connection";
import { dockerFromInput } from "./docker-input";
import { readServerView } from "./read-servers";
import type { ServerInput } from "./schemas";
import { sealServerSecret } from "./secrets";
import { assertNameFree, regionForServer, uniqueName } from "./server-rules";
import type { ServerView } from "./server-view";
import { validateServerDraft } from "./validate-server";

/**
 * Admins only. Adds a Docker host. Every rule is checked before anything is written (400 naming each bad field;
 * 409 server_name_taken); whether the host answers is not one of them: an unreachable host is saved, and its
 * first check shows it `down` with the error. Secrets are sealed to the new server's id.
 */
export async function createServer(db: DbOrTx, actor: SessionUser, input: ServerInput, meta?: RequestMeta): Promise<ServerView> {
  assertAdmin(actor);
  const id = randomUUID();
  const errors: FieldErrorInput = {};
  const region = await regionForServer(db, input.region, errors);
  const domain = input.derpNaming === "domain";
  const draft = validateServerDraft(
    {
      publicIpv4: input.publicIpv4,
      derpNaming: input.derpNaming,
      derpDomain: domain ? input.derpDomain : null,
      wildcardCertPem: domain ? input.wildcardCertPem : null,
      wildcardKeyPem: domain ? input.wildcardKeyPem : null,
      derpPortMin: input.derpPortMin,
      derpPortMax: input.derpPortMax,
      stunPortMin: input.stunPortMin,
      stunPortMax: input.stunPortMax,
      capacity: input.capacity,
      docker: dockerFromInput(input.docker).connection,
    },
    { docker: true, wildcard: true },
    { errors },
  );
  const { stored, secret } = splitDockerConnection(draft.docker!);
  await uniqueName(() =>
    db.transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      const at = now();
      const [row] = await tx
        .insert(servers)
        .values({
          id,
          name: input.name,
          regionId: region!.id,
          publicIpv4: draft.publicIpv4,
          publicIpv6: input.publicIpv6,
          derpNaming: draft.derpNaming,
          derpDomain: draft.derpDomain,
          wildcardCertPem: draft.wildcardCertPem,
          wildcardKeySealed: draft.wildcardKeyPem ? sealServerSecret(id, "wildcard", draft.wildcardKeyPem) : null,
          derpPortMin: draft.derpPortMin,
          derpPortMax: draft.derpPortMax,
          stunPortMin: draft.stunPortMin,
          stunPortMax: draft.stunPortMax,
          capacity: draft.capacity,
          networkMode: input.networkMode,
          relayCpuLimit: input.relayCpuLimit,
          relayMemoryLimitBytes: input.relayMemoryLimitBytes,
          enabled: input.enabled,
          draining: input.draining,
          dockerConnection: stored,
          dockerSecretSealed: secret ? sealServerSecret(id, "docker", secret) : null,
          createdAt: at,
          updatedAt: at,
        })
        .returning();
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "server.create",
        target: { type: "server", id },
        meta,
        details: auditedSettings(row, region!.code),
      });
    }),
  );
  return readServerView(db, id);
}
