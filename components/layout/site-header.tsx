import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "./language-switcher";
import type { NavItem } from "./nav-items";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

export async function SiteHeader({ nav, navLabel, homeHref, right }: { nav: NavItem[]; navLabel: string; homeHref: string; right?: ReactNode }) {
  const t = await getTranslations("common");
  const items = await Promise.all(
    nav.map(async (item) => {
      const tn = await getTranslations(item.label.namespace);
      return { href: item.href, prefix: item.prefix, text: tn(item.label.key as never) };
    }),
  );
  return (
    <header className="border-b border-border bg-card/60 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href={homeHref} className="font-semibold tracking-tight">
          {t("app.name")}
        </Link>
        <NavLinks items={items} label={navLabel} />
        <div className="ml-auto flex items-center gap-2">
          {right}
          <LanguageSwitcher />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
