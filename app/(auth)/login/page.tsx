import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/accounts/auth-card";
import { Alert } from "@/components/ui/alert";
import { isLocale } from "@/lib/i18n/config";
import { isErrorCode, translateError } from "@/lib/i18n/messages";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.login"))("title") };
}

type Search = { email?: string; next?: string; verified?: string; reset?: string; error?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { email = "", next, verified, reset, error } = await searchParams;
  const [t, locale] = await Promise.all([getTranslations("accounts.login"), getLocale()]);
  // next-auth's own sign-in endpoint sends failures back here as ?error=<code>.
  const lang = isLocale(locale) ? locale : "en";
  const errorText = error && isErrorCode(lang, error) ? translateError(lang, error) : null;
  return (
    <AuthCard
      title={t("title")}
      lead={t("lead")}
      footer={
        <>
          {t("noAccount")}{" "}
          <Link className="font-medium text-primary hover:underline" href="/signup">
            {t("signup")}
          </Link>
        </>
      }
    >
      {verified && <Alert tone="success">{t("verified")}</Alert>}
      {reset && <Alert tone="success">{t("passwordReset")}</Alert>}
      {errorText && <Alert>{errorText}</Alert>}
      <LoginForm email={email.slice(0, 254)} next={next?.slice(0, 2000)} />
    </AuthCard>
  );
}
