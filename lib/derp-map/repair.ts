import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { MAP_RELAY_STATES } from "./build-map";
import { regenerateDerpMap } from "./versions";

/**
 * Makes every customer's stored map match their relays again: a change that bypassed setRelayState (a
 * certificate written in place, a server's address edited, a rental released without its relay) shows up here.
 * Looks at customers with a relay that belongs in a map, and at those whose latest version still lists regions
 * (their last relay may have gone). Unchanged maps write nothing.
 */
export async function repairDerpMaps(db: DbOrTx): Promise<{ checked: number; updated: number }> {
  const states = sql.join(MAP_RELAY_STATES.map((s) => sql`${s}`), sql`, `);
  // queryRows, not db.execute: PGlite answers `{ rows }` where postgres.js answers an array.
  const rows = await queryRows<{ user_id: string }>(db, sql`
    select distinct r.user_id from rentals r join relays x on x.rental_id = r.id
      where x.kind = 'customer' and x.state in (${states})
    union
    select v.user_id from derp_map_versions v
      where v.version = (select max(version) from derp_map_versions w where w.user_id = v.user_id)
        and v.content->'Regions' <> '{}'::jsonb`);
  let updated = 0;
  for (const { user_id } of rows) {
    if ((await regenerateDerpMap(db, user_id, "repair")).created) updated++;
  }
  return { checked: rows.length, updated };
}
