import { repairDerpMaps } from "@/lib/derp-map/repair";
import type { Job } from "../run-job";

/** Customers' DERP maps brought back in line with their relays (lib/derp-map/repair.ts). */
export const derpMapRepair: Job = async ({ db }) => repairDerpMaps(db);
