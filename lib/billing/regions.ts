import type { DbOrTx } from "@/db/client";

export interface RegionOption {
  code: string;
  name: string;
}

/**
 * Regions a customer can choose when redeeming. They are defined by the servers domain; until it exists
 * there are none to list, and the form offers "any region" (the API accepts any region code).
 */
export async function listRegionOptions(_db: DbOrTx): Promise<RegionOption[]> {
  return [];
}
