import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { portalNav } from "@/components/layout/nav-items";
import { SiteHeader } from "@/components/layout/site-header";
import { UserMenu } from "@/components/layout/user-menu";
import { buttonVariants } from "@/components/ui/button";
import { getPageUser } from "@/lib/auth/page-guards";

/** Unknown pages keep the site's header, so the way back is where it always is. */
export default async function NotFound() {
  const [t, tn, user] = await Promise.all([getTranslations("common.notFound"), getTranslations("common.nav"), getPageUser()]);
  return (
    <>
      <SiteHeader nav={user ? portalNav : []} navLabel={tn("mainNavigation")} homeHref="/" right={<UserMenu area="portal" />} />
      <main id="main" className="mx-auto flex max-w-md flex-col items-center gap-4 px-4 py-24 text-center">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="text-muted-foreground">{t("body")}</p>
        <Link href="/" className={buttonVariants()}>
          {t("home")}
        </Link>
      </main>
    </>
  );
}
