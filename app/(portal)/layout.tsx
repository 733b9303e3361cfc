import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { portalNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";
import { UserMenu } from "@/components/layout/user-menu";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("common.nav");
  return (
    <>
      <SiteHeader nav={portalNav} navLabel={t("mainNavigation")} homeHref="/" right={<UserMenu area="portal" />} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
