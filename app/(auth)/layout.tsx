import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/layout/user-menu";
import { portalNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";
import { getPageUser } from "@/lib/auth/page-guards";

// Sign-up, login, verification and password reset: rendered per request (they read the session).
export const dynamic = "force-dynamic";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  // Visitors see no navigation: every portal page but the home page asks them to log in first.
  const [t, user] = await Promise.all([getTranslations("common.nav"), getPageUser()]);
  return (
    <>
      <SiteHeader nav={user ? portalNav : []} navLabel={t("mainNavigation")} homeHref="/" right={<UserMenu area="portal" />} menu={<UserMenu area="portal" variant="menu" />} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
