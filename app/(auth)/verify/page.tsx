import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { Alert } from "@/components/ui/alert";
import { VerifyForm } from "./verify-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.verify"))("title") };
}

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ email?: string; sent?: string }> }) {
  const { email = "", sent } = await searchParams;
  const t = await getTranslations("accounts.verify");
  return (
    <AuthCard title={t("title")} lead={t("lead")}>
      {sent && email && <Alert tone="info">{t("sentTo", { email })}</Alert>}
      <VerifyForm email={email.slice(0, 254)} />
    </AuthCard>
  );
}
