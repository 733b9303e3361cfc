"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { sendTestAlert } from "@/lib/alerts/send-test";
import { updateAlertSettings } from "@/lib/alerts/settings";
import { alertSettingsInput } from "@/lib/alerts/settings-schema";

export const saveAlertSettingsAction = action({ access: "admin", schema: alertSettingsInput }, async (input, ctx) => {
  const saved = await updateAlertSettings(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/admin/settings");
  return { enabled: saved.enabled, hasWebhookSecret: saved.hasWebhookSecret };
});

// The button sends `confirm=1`: an empty call is invalid input, like every admin action's.
const testSchema = z.object({ confirm: z.literal("1") });

export const sendTestAlertAction = action({ access: "admin", schema: testSchema }, async (_input, ctx) => {
  const results = await sendTestAlert(ctx.db, ctx.user, ctx.meta);
  revalidatePath("/admin/settings");
  return results;
});
