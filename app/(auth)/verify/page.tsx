import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { Alert } from "@/components/ui/alert";
import { mailedCode } from "@/lib/accounts/code-link";
import { VerifyForm } from "./verify-form";

export async function generateMetadata(): Promise<Metadata> {
  // The mail's link carries the code: the address must not travel on to other sites.
  return { title: (await getTranslations("accounts.verify"))("title"), referrer: "no-referrer" };
}

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ email?: string; sent?: string; code?: string }> }) {
  const { email = "", sent, code } = await searchParams;
  const t = await getTranslations("accounts.verify");
  return (
    <AuthCard title={t("title")} lead={t("lead")}>
      {sent && email && <Alert tone="info">{t("sentTo", { email })}</Alert>}
      <VerifyForm email={typeof email === "string" ? email.slice(0, 254) : ""} code={mailedCode(code)} />
    </AuthCard>
  );
}
