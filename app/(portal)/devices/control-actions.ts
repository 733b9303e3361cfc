"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import {
  accountIdParam,
  connectAccountInput,
  disconnectAccount,
  setAccountSync,
  setSyncInput,
  connectAccount,
} from "@/lib/devices/control-servers/accounts";
import { importNodes, importNodesInput, listAccountNodes } from "@/lib/devices/control-servers/import-nodes";
import { syncOwnAccount } from "@/lib/devices/control-servers/sync";
import { cutOffSoon } from "@/app/_lib/relays-soon";

// The same lib functions as /api/devices/control-accounts: ownership, sealing, the device limit and admission.

export const connectAccountAction = action({ access: "user", schema: connectAccountInput }, async (input, ctx) => {
  const account = await connectAccount(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/devices");
  return { id: account.id };
});

export const listNodesAction = action({ access: "user", schema: accountIdParam }, async (input, ctx) => listAccountNodes(ctx.db, ctx.user, input.id));

export const importNodesAction = action({ access: "user", schema: importNodesInput.extend(accountIdParam.shape) }, async (input, ctx) => {
  const result = await importNodes(ctx.db, ctx.user, input.id, { nodeIds: input.nodeIds }, ctx.meta);
  revalidatePath("/devices");
  return { imported: result.imported.length, skipped: result.skipped.length };
});

export const setSyncAction = action({ access: "user", schema: setSyncInput.extend(accountIdParam.shape) }, async (input, ctx) => {
  const account = await setAccountSync(ctx.db, ctx.user, input.id, input.syncEnabled, ctx.meta);
  revalidatePath("/devices");
  return { syncEnabled: account.syncEnabled };
});

export const syncNowAction = action({ access: "user", schema: accountIdParam }, async (input, ctx) => {
  const result = await syncOwnAccount(ctx.db, ctx.user, input.id, ctx.meta);
  if (result.removed + result.rekeyed > 0) cutOffSoon(ctx.user.id);
  revalidatePath("/devices");
  return result;
});

export const disconnectAccountAction = action({ access: "user", schema: accountIdParam }, async (input, ctx) => {
  await disconnectAccount(ctx.db, ctx.user, input.id, ctx.meta);
  revalidatePath("/devices");
  return { disconnected: input.id };
});
