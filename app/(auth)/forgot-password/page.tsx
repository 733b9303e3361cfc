import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { ForgotPasswordForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.forgot"))("title") };
}

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email = "" } = await searchParams;
  const t = await getTranslations("accounts.forgot");
  return (
    <AuthCard
      title={t("title")}
      lead={t("lead")}
      footer={
        <Link className="font-medium text-primary hover:underline" href="/login">
          {t("back")}
        </Link>
      }
    >
      <ForgotPasswordForm email={email.slice(0, 254)} />
    </AuthCard>
  );
}
