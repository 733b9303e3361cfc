import { RadioTower } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { LanguageSwitcher } from "./language-switcher";
import type { NavItem } from "./nav-items";
import { NavLinks } from "./nav-links";
import { NavMenu } from "./nav-menu";
import { ThemeToggle } from "./theme-toggle";

/** A navigation this short sits between the brand and the controls on wide screens; longer ones get their own row. */
const INLINE_NAV_MAX = 5;

/**
 * Row 1: brand and controls (never wraps). From the md breakpoint up, the navigation is inline on large screens
 * when it is short, otherwise a row of its own below that wraps. On phones a labelled menu button opens every
 * section and `menu` (the account's actions, labelled) instead; `right` is what stays in the header there too.
 * The main element of the page has id="main".
 */
export async function SiteHeader({
  nav,
  navLabel,
  homeHref,
  right,
  menu,
}: {
  nav: NavItem[];
  navLabel: string;
  homeHref: string;
  right?: ReactNode;
  menu?: ReactNode;
}) {
  const t = await getTranslations("common");
  const items = await Promise.all(
    nav.map(async (item) => {
      const tn = await getTranslations(item.label.namespace);
      return { href: item.href, prefix: item.prefix, text: tn(item.label.key as never) };
    }),
  );
  const inline = items.length <= INLINE_NAV_MAX;
  const navLinks = items.length > 0 && (
    <NavLinks
      items={items}
      label={navLabel}
      className={cn("order-3 hidden w-full pb-2 md:flex", inline && "lg:order-2 lg:w-auto lg:pb-0")}
    />
  );
  return (
    <header className="relative border-b border-border bg-card/60 backdrop-blur">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:text-sm focus:shadow focus:ring-2 focus:ring-ring"
      >
        {t("nav.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 px-4">
        <Link
          href={homeHref}
          className="flex h-14 shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <RadioTower className="h-5 w-5 text-primary" aria-hidden />
          <span className="sr-only sm:not-sr-only">{t("app.name")}</span>
        </Link>
        {/* In the document, the navigation comes where it is read on wide screens (for the tab order). */}
        {inline && navLinks}
        <div className={cn("order-2 ml-auto flex shrink-0 items-center gap-1", inline && "lg:order-3")}>
          {right}
          <LanguageSwitcher />
          <ThemeToggle />
          {items.length > 0 && (
            <NavMenu items={items} label={navLabel} openLabel={t("nav.menu")} closeLabel={t("nav.closeMenu")}>
              {menu}
            </NavMenu>
          )}
        </div>
        {!inline && navLinks}
      </div>
    </header>
  );
}
