import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { SignUpForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.signup"))("title") };
}

export default async function SignUpPage() {
  const t = await getTranslations("accounts.signup");
  return (
    <AuthCard
      title={t("title")}
      lead={t("lead")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link className="font-medium text-primary hover:underline" href="/login">
            {t("login")}
          </Link>
        </>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
