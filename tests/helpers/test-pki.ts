import { randomBytes, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@/lib/fleet/x509";

/**
 * A throw-away certificate authority for tests: a CA, server certificates for names or IPs, and client
 * certificates (mutual TLS to a Docker engine). ECDSA P-256; everything as PEM.
 */

const crypto = webcrypto as unknown as Crypto;
const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const HOUR = 3_600_000;

export type Pem = { certPem: string; keyPem: string };
export type TestCa = Pem & {
  issue(options: { commonName: string; sans?: string[]; usage: "server" | "client"; notBefore?: Date; notAfter?: Date }): Promise<Pem>;
};

export async function createTestCa(commonName = "derpmanagement test CA"): Promise<TestCa> {
  const keys = (await crypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const name = [{ CN: [commonName] }];
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name,
      notBefore: new Date(Date.now() - HOUR),
      notAfter: new Date(Date.now() + 24 * HOUR),
      signingAlgorithm: ALG,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    certPem: `${ca.toString("pem")}\n`,
    keyPem: await keyPem(keys.privateKey),
    async issue({ commonName: cn, sans = [], usage, notBefore, notAfter }) {
      const leafKeys = (await crypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
      const cert = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial(),
          subject: [{ CN: [cn] }],
          issuer: ca.subject,
          notBefore: notBefore ?? new Date(Date.now() - HOUR),
          notAfter: notAfter ?? new Date(Date.now() + 24 * HOUR),
          signingAlgorithm: ALG,
          publicKey: leafKeys.publicKey,
          signingKey: keys.privateKey,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
            await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, crypto),
            ...(sans.length
              ? [new x509.SubjectAlternativeNameExtension(sans.map((value) => ({ type: isIP(value) ? ("ip" as const) : ("dns" as const), value })))]
              : []),
          ],
        },
        crypto,
      );
      return { certPem: `${cert.toString("pem")}\n`, keyPem: await keyPem(leafKeys.privateKey) };
    },
  };
}

async function keyPem(key: CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await crypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY")}\n`;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString("hex");
}
