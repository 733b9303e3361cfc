"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userRole } from "@/db/schema";
import { sendPasswordResetAsAdmin, sendVerificationMailAsAdmin } from "@/lib/accounts/admin-mails";
import { setUserRole, setUserStatus } from "@/lib/accounts/admin-users";
import { resetTotpAsAdmin } from "@/lib/accounts/two-factor";
import { addUserNote, userNoteInput } from "@/lib/accounts/user-notes";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { action } from "@/lib/actions/action";
import { adjustRentalTraffic, setRentalExpiry } from "@/lib/rentals/adjust-rental";
import { grantRentalInput, rentalExpiryInput, rentalReasonInput, rentalTrafficFormFields, fromTrafficForm } from "@/lib/rentals/admin-schemas";
import { grantRental } from "@/lib/rentals/grant-rental";
import { suspendRental, unsuspendRental } from "@/lib/rentals/suspend-rental";

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

// The operator's tools on a user's page. Each calls the lib function its REST route calls.

const userId = z.object({ id: z.uuid() });
const rentalId = z.object({ rentalId: z.uuid() });
const optionalReason = z.object({ reason: z.string().trim().max(500).optional() });

export const grantRentalAction = action({ access: "admin", schema: userId.extend(grantRentalInput.shape) }, async (input, ctx) => {
  const { id, ...grant } = input;
  const result = await grantRental(ctx.db, ctx.user, id, grant, ctx.meta);
  allocateSoon(result.rental);
  revalidatePath(`/admin/users/${id}`);
  return { rentalId: result.rental.id, extended: result.extended, expiresAt: result.rental.expiresAt.toISOString() };
});

export const setRentalExpiryAction = action({ access: "admin", schema: rentalId.extend(rentalExpiryInput.shape) }, async (input, ctx) => {
  const rental = await setRentalExpiry(ctx.db, ctx.user, input.rentalId, input, ctx.meta);
  allocateSoon(rental);
  revalidatePath(`/admin/users/${rental.userId}`);
  return { status: rental.status, expiresAt: rental.expiresAt.toISOString() };
});

export const adjustRentalTrafficAction = action(
  { access: "admin", schema: rentalTrafficFormFields.extend(rentalId.shape).transform(fromTrafficForm) },
  async (input, ctx) => {
    const rental = await adjustRentalTraffic(ctx.db, ctx.user, input.rentalId, input, ctx.meta);
    allocateSoon(rental);
    revalidatePath(`/admin/users/${rental.userId}`);
    return { status: rental.status };
  },
);

export const suspendRentalAction = action({ access: "admin", schema: rentalId.extend(rentalReasonInput.shape) }, async (input, ctx) => {
  const rental = await suspendRental(ctx.db, ctx.user, input.rentalId, input, ctx.meta);
  revalidatePath(`/admin/users/${rental.userId}`);
  return { status: rental.status };
});

export const unsuspendRentalAction = action({ access: "admin", schema: rentalId.extend(rentalReasonInput.shape) }, async (input, ctx) => {
  const rental = await unsuspendRental(ctx.db, ctx.user, input.rentalId, input, ctx.meta);
  allocateSoon(rental);
  revalidatePath(`/admin/users/${rental.userId}`);
  return { status: rental.status };
});

export const resendVerificationAction = action({ access: "admin", schema: userId.extend(optionalReason.shape) }, async (input, ctx) => {
  await sendVerificationMailAsAdmin(ctx.db, ctx.user, input.id, input, ctx.meta);
  revalidatePath(`/admin/users/${input.id}`);
  return { sent: true };
});

export const sendPasswordResetAction = action({ access: "admin", schema: userId.extend(optionalReason.shape) }, async (input, ctx) => {
  await sendPasswordResetAsAdmin(ctx.db, ctx.user, input.id, input, ctx.meta);
  revalidatePath(`/admin/users/${input.id}`);
  return { sent: true };
});

export const addUserNoteAction = action({ access: "admin", schema: userId.extend(userNoteInput.shape) }, async (input, ctx) => {
  const note = await addUserNote(ctx.db, ctx.user, input.id, input, ctx.meta);
  revalidatePath(`/admin/users/${input.id}`);
  return { id: note.id };
});

export const resetTotpAction = action({ access: "admin", schema: userId.extend(rentalReasonInput.shape) }, async (input, ctx) => {
  await resetTotpAsAdmin(ctx.db, ctx.user, input.id, input, ctx.meta);
  revalidatePath(`/admin/users/${input.id}`);
  return { reset: true };
});
