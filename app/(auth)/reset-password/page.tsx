import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { Alert } from "@/components/ui/alert";
import { mailedCode } from "@/lib/accounts/code-link";
import { ResetPasswordForm } from "./reset-form";

export async function generateMetadata(): Promise<Metadata> {
  // The mail's link carries the code: the address must not travel on to other sites.
  return { title: (await getTranslations("accounts.reset"))("title"), referrer: "no-referrer" };
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string; sent?: string; code?: string }> }) {
  const { email = "", sent, code } = await searchParams;
  const t = await getTranslations("accounts");
  return (
    <AuthCard
      title={t("reset.title")}
      lead={t("reset.lead")}
      footer={
        <Link className="font-medium text-primary hover:underline" href={`/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ""}`}>
          {t("reset.resend")}
        </Link>
      }
    >
      {sent && email && <Alert tone="info">{t("reset.sentTo", { email })}</Alert>}
      <ResetPasswordForm email={typeof email === "string" ? email.slice(0, 254) : ""} code={mailedCode(code)} />
    </AuthCard>
  );
}
