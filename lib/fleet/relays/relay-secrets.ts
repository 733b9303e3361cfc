import { sealer } from "@/lib/crypto/seal";

/**
 * A relay's certificate key is stored sealed and bound to the relay id: a blob copied to another relay's row
 * does not open. The certificate itself is public (its hash is the CertName in every DERP map).
 */
const RELAY_CERT_KEY_PURPOSE = "relay cert key aes-256-gcm v1";

export function sealRelayKey(relayId: string, keyPem: string): Buffer {
  return sealer(RELAY_CERT_KEY_PURPOSE).seal(keyPem, relayId);
}

export function openRelayKey(relayId: string, sealed: Buffer): string {
  return sealer(RELAY_CERT_KEY_PURPOSE).open(sealed, relayId).toString("utf8");
}
