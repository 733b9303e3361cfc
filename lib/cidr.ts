import { BlockList, isIP } from "node:net";
import { plainIp } from "./ip";

/** "192.0.2.7", "2001:db8::1", "10.0.0.0/8" or "2001:db8::/32": an address or a network with a valid prefix length. */
export function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * A matcher for a list of addresses and networks (entries already checked with isAddressOrCidr). An IPv4
 * client seen over IPv6 (`::ffff:10.0.0.1`) matches IPv4 entries.
 */
export function addressMatcher(entries: readonly string[]): (ip: string | null) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (ip) => {
    const plain = plainIp(ip);
    if (!plain) return false;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
  };
}
