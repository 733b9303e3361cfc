const IPV4_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * An address as people write it: an IPv4 client reached over an IPv6 socket (`::ffff:127.0.0.1`) is the IPv4
 * address `127.0.0.1`. Everything else is returned as it is.
 */
export function plainIp<T extends string | null | undefined>(ip: T): T {
  if (!ip) return ip;
  const m = IPV4_MAPPED.exec(ip);
  return (m ? m[1] : ip) as T;
}
