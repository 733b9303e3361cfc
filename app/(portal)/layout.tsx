import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { portalNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("common.nav");
  return (
    <>
      <SiteHeader nav={portalNav} navLabel={t("mainNavigation")} homeHref="/" />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
