"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userRole } from "@/db/schema";
import { setUserRole, setUserStatus } from "@/lib/accounts/admin-users";
import { action } from "@/lib/actions/action";

export const setUserStatusAction = action(
  { access: "admin", schema: z.object({ id: z.uuid(), status: z.enum(["active", "disabled"]) }) },
  async (input, ctx) => {
    const user = await setUserStatus(ctx.db, ctx.user, input.id, input.status, ctx.meta);
    revalidatePath(`/admin/users/${input.id}`);
    return { status: user.status };
  },
);

export const setUserRoleAction = action(
  { access: "admin", schema: z.object({ id: z.uuid(), role: z.enum(userRole.enumValues) }) },
  async (input, ctx) => {
    const user = await setUserRole(ctx.db, ctx.user, input.id, input.role, ctx.meta);
    revalidatePath(`/admin/users/${input.id}`);
    return { role: user.role };
  },
);
