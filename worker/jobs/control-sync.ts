import { syncAllAccounts } from "@/lib/devices/control-servers/sync";
import type { Job } from "../run-job";

/** Devices imported from customers' headscale / Tailscale accounts kept in line with them (lib/devices/control-servers/sync.ts). */
export const controlSync: Job = async ({ db }) => syncAllAccounts(db);
