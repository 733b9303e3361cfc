import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/layout/user-menu";
import { portalNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";

// Sign-up, login, verification and password reset: rendered per request (they read the session).
export const dynamic = "force-dynamic";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("common.nav");
  return (
    <>
      <SiteHeader nav={portalNav} navLabel={t("mainNavigation")} homeHref="/" right={<UserMenu area="portal" />} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
