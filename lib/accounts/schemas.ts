import { z } from "zod";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { locales } from "@/lib/i18n/config";
import { canonicalTimeZone } from "@/lib/i18n/time-zone";

/**
 * Input rules shared by the JSON routes and the forms. Custom messages are error codes from
 * messages/<locale>/errors.json, so a field error reads in the user's language.
 */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "invalid_email")
  .pipe(z.email("invalid_email"));

export const newPasswordField = z
  .string()
  .min(8, "password_too_short")
  .max(128, "password_too_long")
  .refine((p) => !isCommonPassword(p), "password_common");

/** A password being checked (login, current password): no policy, only a sane size. */
export const passwordField = z.string().min(1, "password_required").max(128, "password_too_long");

export const codeField = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "code_format");

export const localeField = z.enum(locales);

/** A code of an authenticator app (TOTP). Spaces are allowed, as apps show "123 456". */
export const totpField = z
  .string()
  .transform((s) => s.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "totp_format"));
export const recoveryCodeField = z.string().trim().min(1).max(40, "invalid_totp");

/** An IANA zone Intl supports ("Europe/Berlin", "UTC"), kept in the spelling this runtime uses. */
export const timeZoneField = z
  .string()
  .trim()
  .refine((z) => canonicalTimeZone(z) !== null, "time_zone_invalid")
  .transform((z) => canonicalTimeZone(z)!);

export const signUpInput = z.object({ email: emailField, password: newPasswordField, locale: localeField.optional() });
export const verifyInput = z.object({ email: emailField, code: codeField });
export const emailOnlyInput = z.object({ email: emailField });
/** The second factor is asked for only of accounts with two-factor login on (401 totp_required without it). */
export const loginInput = z.object({
  email: emailField,
  password: passwordField,
  totp: totpField.optional(),
  recoveryCode: recoveryCodeField.optional(),
});
export const totpConfirmInput = z.object({ totp: totpField });
export const totpDisableInput = z.object({ totp: totpField.optional(), recoveryCode: recoveryCodeField.optional() });
export const resetInput = z.object({ email: emailField, code: codeField, password: newPasswordField });
export const changePasswordInput = z.object({ currentPassword: passwordField, newPassword: newPasswordField });
/** PATCH /api/user/me: the fields given change; `timeZone: null` follows the browser's zone again. */
export const profileInput = z.object({ locale: localeField.optional(), timeZone: timeZoneField.nullable().optional() });
/** The profile's language form. */
export const languageInput = z.object({ locale: localeField });
/** The profile's time zone form: empty follows the browser's zone. */
export const timeZoneFormInput = z.object({ timeZone: timeZoneField.optional() });

export type SignUpInput = z.infer<typeof signUpInput>;
export type VerifyInput = z.infer<typeof verifyInput>;
export type LoginInput = z.infer<typeof loginInput>;
export type ResetInput = z.infer<typeof resetInput>;
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
