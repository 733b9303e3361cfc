"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { addDevice, addDeviceInput, removeDevice, renameDevice, renameDeviceInput } from "@/lib/devices/devices";
import { approvePendingDevice, approvePendingInput, dismissPendingDevice, pendingIdParam } from "@/lib/devices/pending";
import { cutOffSoon } from "@/app/_lib/relays-soon";

// The same lib functions as /api/devices: ownership, the device limit and the admission cache are handled there.

export const addDeviceAction = action({ access: "user", schema: addDeviceInput }, async (input, ctx) => {
  const device = await addDevice(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/devices");
  return { id: device.id };
});

export const renameDeviceAction = action({ access: "user", schema: renameDeviceInput.extend({ id: z.uuid() }) }, async (input, ctx) => {
  const renamed = await renameDevice(ctx.db, ctx.user, input.id, input.name, ctx.meta);
  revalidatePath("/devices");
  return renamed;
});

export const removeDeviceAction = action({ access: "user", schema: z.object({ id: z.uuid() }) }, async (input, ctx) => {
  await removeDevice(ctx.db, ctx.user, input.id, ctx.meta);
  cutOffSoon(ctx.user.id);
  revalidatePath("/devices");
  return { removed: input.id };
});

export const approvePendingAction = action({ access: "user", schema: approvePendingInput.extend(pendingIdParam.shape) }, async (input, ctx) => {
  const device = await approvePendingDevice(ctx.db, ctx.user, input.id, { name: input.name }, ctx.meta);
  revalidatePath("/devices");
  return { id: device.id };
});

export const dismissPendingAction = action({ access: "user", schema: pendingIdParam }, async (input, ctx) => {
  await dismissPendingDevice(ctx.db, ctx.user, input.id, ctx.meta);
  revalidatePath("/devices");
  return { dismissed: input.id };
});
