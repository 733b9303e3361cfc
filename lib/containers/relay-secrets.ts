import { randomBytes } from "node:crypto";
import { lookupHasher } from "@/lib/crypto/lookup-hash";
import { randomToken } from "@/lib/crypto/random-token";
import { sealer } from "@/lib/crypto/seal";

/**
 * The secrets of a customer relay. Each is sealed bound to its owner's id (a blob copied to another row does not
 * open), because the platform must hand the same value to a re-created container:
 * - the admission secret, in the URL derper calls for every client; found again by its keyed hash;
 * - the debug key, with which the traffic sampler reads derper's /debug/vars;
 * - the mesh key of an HA rental (64 lowercase hex, derper's format), shared by its nodes.
 */

const ADMISSION = "relay admission secret v1";
const DEBUG_KEY = "relay debug key v1";
const MESH_KEY = "rental mesh key v1";

// Made on first use: keys come from APP_SECRET, which importing a module must not require.
let admissionHasher: ((text: string) => Buffer) | undefined;

export function admissionSecretHash(secret: string): Buffer {
  admissionHasher ??= lookupHasher(ADMISSION);
  return admissionHasher(secret);
}

export type NewRelaySecrets = {
  admissionSecret: string;
  columns: { admissionSecretHash: Buffer; admissionSecretSealed: Buffer; debugKeySealed: Buffer };
};

export function newRelaySecrets(relayId: string): NewRelaySecrets {
  const admissionSecret = randomToken("", 32);
  return {
    admissionSecret,
    columns: {
      admissionSecretHash: admissionSecretHash(admissionSecret),
      admissionSecretSealed: sealer(ADMISSION).seal(admissionSecret, relayId),
      debugKeySealed: sealer(DEBUG_KEY).seal(randomToken("", 32), relayId),
    },
  };
}

export function openAdmissionSecret(relayId: string, sealed: Buffer): string {
  return sealer(ADMISSION).open(sealed, relayId).toString("utf8");
}

export function openDebugKey(relayId: string, sealed: Buffer): string {
  return sealer(DEBUG_KEY).open(sealed, relayId).toString("utf8");
}

export function newMeshKeySealed(rentalId: string): Buffer {
  return sealer(MESH_KEY).seal(randomBytes(32).toString("hex"), rentalId);
}

export function openMeshKey(rentalId: string, sealed: Buffer): string {
  return sealer(MESH_KEY).open(sealed, rentalId).toString("utf8");
}
