/**
 * The pinned SSH host key as docker-client.ts checks it: `SHA256:<base64 without padding>`, what `ssh-keygen -lf`
 * prints. Operators may also paste the same SHA-256 in hex (with or without colons), which is converted.
 * Null for anything else.
 */
export function normaliseHostKeySha256(value: string): string | null {
  const text = value.trim();
  const b64 = text.replace(/^SHA256:/i, "").replace(/=+$/, "");
  if (/^SHA256:/i.test(text) && /^[A-Za-z0-9+/]{43}$/.test(b64)) return `SHA256:${b64}`;
  const hex = text.replace(/:/g, "");
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return `SHA256:${Buffer.from(hex, "hex").toString("base64").replace(/=+$/, "")}`;
  if (/^[A-Za-z0-9+/]{43}=?$/.test(text)) return `SHA256:${b64}`;
  return null;
}
