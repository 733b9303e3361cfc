import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { regions, servers, users, type Relay, type Rental, type Server } from "@/db/schema";
import { writeSystemLog } from "@/lib/logs/system-log";
import { sendMail } from "@/lib/mail/mailer";
import { errorMessage } from "./deploy-node";

/**
 * Mails the customer that a relay node's entry in their DERP map changed (it moved to another server, or an IP
 * relay got a new certificate and so a new CertName): a map pasted into a policy file must be pasted again,
 * while a control server reading the private link picks it up by itself. A failed mail is logged; the change
 * it reports is done and stays done.
 */
export async function tellMapChanged(
  db: Db,
  rental: Pick<Rental, "id" | "userId">,
  server: Server,
  relay: Relay,
  reason: "moved" | "certificate",
): Promise<void> {
  const [owner] = await db
    .select({ email: users.email, locale: users.locale, nameEn: regions.nameEn, nameZh: regions.nameZh })
    .from(users)
    .innerJoin(servers, eq(servers.id, server.id))
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .where(eq(users.id, rental.userId));
  if (!owner) return;
  const host = server.derpNaming === "ip" ? server.publicIpv4 : relay.hostname;
  try {
    await sendMail(db, {
      to: owner.email,
      locale: owner.locale,
      template: "relay-moved",
      data: { regionName: owner.locale === "zh-CN" ? owner.nameZh : owner.nameEn, host, derpPort: relay.derpPort, stunPort: relay.stunPort, reason },
    });
  } catch (error) {
    await writeSystemLog(db, {
      level: "warn",
      source: "containers",
      message: `the customer was not told that their DERP map changed (${reason}; mail failed)`,
      context: { rentalId: rental.id, relayId: relay.id, error: errorMessage(error) },
    });
  }
}
