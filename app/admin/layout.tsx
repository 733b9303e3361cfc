import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { adminNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";
import { UserMenu } from "@/components/layout/user-menu";
import { requireAdminPage } from "@/lib/auth/page-guards";

// Every admin page is rendered per request behind the admin check.
export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage("/admin");
  const t = await getTranslations("common.nav");
  return (
    <>
      <SiteHeader nav={adminNav} navLabel={t("adminNavigation")} homeHref="/admin" right={<UserMenu area="admin" />} menu={<UserMenu area="admin" variant="menu" />} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
