import type { EmailCodePurpose } from "@/db/schema";

/** The page a code mail's link opens, with the email and the code filled in: one click to confirm. */
const PAGE: Record<EmailCodePurpose, string> = { verify: "/verify", reset: "/reset-password" };

export function codeLink(appUrl: string, purpose: EmailCodePurpose, email: string, code: string): string {
  const query = new URLSearchParams({ email, code });
  return `${appUrl.replace(/\/+$/, "")}${PAGE[purpose]}?${query}`;
}

/** A code from a link's query, if it looks like one (6 digits); anything else fills in nothing. */
export function mailedCode(value: unknown): string {
  return typeof value === "string" && /^\d{6}$/.test(value) ? value : "";
}
