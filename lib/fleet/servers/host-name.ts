import { isIP } from "node:net";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name of letters, digits and dashes (no wildcard, no trailing dot), at most 253 characters. */
export function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.toLowerCase().split(".");
  // A name made only of digits and dots would read as an IPv4 address.
  return labels.every((l) => LABEL.test(l)) && !labels.every((l) => /^\d+$/.test(l));
}

/** A host to connect to: an IP address or a DNS name. */
export function isHostOrIp(value: string): boolean {
  return isIP(value) !== 0 || isHostName(value);
}

/**
 * The DERP domain as typed: lower case, without a trailing dot or a leading "*." (operators often paste the
 * wildcard they bought). Relays are then named `<relay>.<domain>`, so it needs at least two labels.
 */
export function normaliseDerpDomain(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, "").replace(/^\*\./, "");
}

export function isDerpDomain(domain: string): boolean {
  return isHostName(domain) && domain.includes(".") && domain.length <= 200;
}
