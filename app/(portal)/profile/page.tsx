import type { Metadata } from "next";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { listApiTokens } from "@/lib/accounts/api-tokens";
import { getProfile } from "@/lib/accounts/profile";
import { listSessions } from "@/lib/accounts/sessions";
import { getTwoFactorStatus } from "@/lib/accounts/two-factor";
import { Alert } from "@/components/ui/alert";
import { now } from "@/lib/clock";
import { requireUserPage } from "@/lib/auth/page-guards";
import { formatDate } from "@/lib/i18n/date-format";
import { supportedTimeZones } from "@/lib/i18n/time-zone";
import { ChangePasswordForm, LanguageForm, LogoutEverywhereForm, TimeZoneForm } from "./profile-forms";
import { SessionsSection } from "./sessions-section";
import { TokensSection } from "./tokens-section";
import { TwoFactorSection } from "./two-factor-section";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  // The page can show a new API token: never leak its URL state to other sites.
  return { title: (await getTranslations("accounts.profile"))("title"), referrer: "no-referrer" };
}

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ totp?: string }> }) {
  const user = await requireUserPage("/profile");
  const db = await getDb();
  const [profile, sessions, tokens, twoFactor, t, ts, search] = await Promise.all([
    getProfile(db, user),
    listSessions(db, user),
    listApiTokens(db, user).then((p) => p.items),
    getTwoFactorStatus(db, user),
    getTranslations("accounts"),
    getTranslations("security"),
    searchParams,
  ]);
  const at = now();
  const when = (d: Date | null) => (d ? <DateTime value={d} /> : t("profile.never"));
  return (
    <section className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t("profile.title")}</h1>
      {search.totp === "required" && !twoFactor.enabled && (
        <Alert tone="info" data-testid="totp-required">
          {ts("totp.requiredBanner")}
        </Alert>
      )}

      <Card className="space-y-4">
        <CardTitle>{t("profile.account")}</CardTitle>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] [&_dd]:wrap-anywhere">
          <dt className="text-muted-foreground">{t("fields.email")}</dt>
          <dd>
            <span className="font-medium" data-testid="profile-email">
              {profile.email}
            </span>
            <p className="text-xs text-muted-foreground">{t("profile.emailReadOnly")}</p>
          </dd>
          <dt className="text-muted-foreground">{t("profile.role")}</dt>
          <dd>
            <Badge tone={profile.role === "admin" ? "info" : "neutral"}>{t(`roles.${profile.role}`)}</Badge>
          </dd>
          <dt className="text-muted-foreground">{t("profile.memberSince")}</dt>
          <dd>{when(profile.createdAt)}</dd>
          <dt className="text-muted-foreground">{t("profile.lastLogin")}</dt>
          <dd>{when(profile.lastLoginAt)}</dd>
        </dl>
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("profile.languageTitle")}</CardTitle>
          <CardDescription>{t("profile.languageLead")}</CardDescription>
        </div>
        <LanguageForm locale={profile.locale} />
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("profile.timeZoneTitle")}</CardTitle>
          <CardDescription>{t("profile.timeZoneLead")}</CardDescription>
        </div>
        <TimeZoneForm timeZone={profile.timeZone} zones={supportedTimeZones()} />
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("profile.passwordTitle")}</CardTitle>
          <CardDescription>{t("profile.passwordLead")}</CardDescription>
        </div>
        <ChangePasswordForm />
      </Card>

      <Card className="space-y-4 scroll-mt-4" id="two-factor">
        <div className="space-y-1">
          <CardTitle>{ts("totp.title")}</CardTitle>
          <CardDescription>{ts("totp.lead")}</CardDescription>
        </div>
        <TwoFactorSection
          status={{
            enabled: twoFactor.enabled,
            enabledAt: twoFactor.enabledAt ? formatDate(twoFactor.enabledAt, { locale: await getLocale(), timeZone: await getTimeZone() }) : null,
            recoveryCodesLeft: twoFactor.recoveryCodesLeft,
            required: twoFactor.required,
          }}
        />
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("profile.sessionsTitle")}</CardTitle>
          <CardDescription>{t("profile.sessionsLead")}</CardDescription>
        </div>
        <SessionsSection
          sessions={sessions.map((s) => ({
            id: s.id,
            browser: s.browser,
            os: s.os,
            ip: s.ip,
            signedIn: s.createdAt,
            lastSeen: s.lastSeenAt,
            current: s.current,
          }))}
        />
        <LogoutEverywhereForm />
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("profile.tokensTitle")}</CardTitle>
          <CardDescription>{t("profile.tokensLead")}</CardDescription>
        </div>
        <TokensSection
          tokens={tokens.map((tk) => ({
            id: tk.id,
            name: tk.name,
            prefix: tk.prefix,
            scope: tk.scope,
            created: tk.createdAt,
            expires: tk.expiresAt,
            expired: tk.expiresAt !== null && tk.expiresAt.getTime() <= at.getTime(),
            lastUsed: tk.lastUsedAt,
            revoked: tk.revokedAt !== null,
          }))}
        />
      </Card>
    </section>
  );
}
