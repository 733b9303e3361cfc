import { z } from "zod";

/**
 * A Tailscale node public key as derper sends it to admission: `nodekey:` and 64 hex digits, lower case.
 * Customers paste keys from `tailscale status --json` or an admin console, sometimes in capitals or with
 * spaces around; those are normalised, anything else is refused (a malformed key could never match).
 */
const NODE_KEY = /^nodekey:[0-9a-f]{64}$/;

/** The normalised key, or null when the text is not a node key. */
export function parseNodeKey(text: unknown): string | null {
  if (typeof text !== "string" || text.length > 200) return null;
  const key = text.trim().toLowerCase();
  return NODE_KEY.test(key) ? key : null;
}

/** A form or JSON field holding a node key; the error code words itself in both languages. */
export const nodeKeyField = z
  .string()
  .max(200, "node_key_invalid")
  .transform((text, ctx) => {
    const key = parseNodeKey(text);
    if (!key) {
      ctx.addIssue({ code: "custom", message: text.trim() ? "node_key_invalid" : "node_key_required" });
      return z.NEVER;
    }
    return key;
  });

/** A device's name: what the customer calls the machine. */
export const deviceNameField = z.string().trim().min(1, "device_name_required").max(100, "device_name_too_long");
