import { CircleUser, LayoutDashboard, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/accounts/logout-button";
import { buttonVariants } from "@/components/ui/button";
import { getPageUser } from "@/lib/auth/page-guards";

/**
 * The account's actions: login/sign-up links for visitors; for a signed-in user the admin (or portal) link, the
 * user's email (to the profile) and logout. `bar` is the header's version (visitors always, users from the md
 * breakpoint up), `menu` the phone menu's, one labelled row per action.
 */
export async function UserMenu({ area, variant = "bar" }: { area: "portal" | "admin"; variant?: "bar" | "menu" }) {
  const [user, t] = await Promise.all([getPageUser(), getTranslations("accounts.menu")]);
  if (!user) {
    if (variant === "menu") return null;
    return (
      <div className="flex items-center gap-1">
        <Link href="/login" className={buttonVariants({ variant: "ghost", size: "sm" })}>
          {t("login")}
        </Link>
        <Link href="/signup" className={buttonVariants({ size: "sm" })}>
          {t("signup")}
        </Link>
      </div>
    );
  }
  const other =
    user.role === "admin" && area === "portal"
      ? { href: "/admin", label: t("admin"), Icon: ShieldCheck, testId: "admin-link" }
      : area === "admin"
        ? { href: "/", label: t("portal"), Icon: LayoutDashboard, testId: "portal-link" }
        : null;
  if (variant === "menu") {
    const row = "flex items-center gap-2 rounded-md px-3 py-2.5 text-sm hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring";
    return (
      <ul className="grid gap-0.5" aria-label={t("account")}>
        {other && (
          <li>
            <Link href={other.href} className={row}>
              <other.Icon className="h-4 w-4 text-muted-foreground" aria-hidden />
              {other.label}
            </Link>
          </li>
        )}
        <li>
          <Link href="/profile" className={row} data-testid="menu-profile">
            <CircleUser className="h-4 w-4 shrink-0 text-muted-foreground" aria-hidden />
            <span className="min-w-0">
              {t("profile")} <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
            </span>
          </Link>
        </li>
        <li>
          <LogoutButton label={t("logout")} variant="menu" />
        </li>
      </ul>
    );
  }
  const item = buttonVariants({ variant: "ghost", size: "sm" });
  return (
    <div className="hidden items-center gap-1 md:flex">
      {other && (
        <Link href={other.href} className={item} data-testid={other.testId}>
          {other.label}
        </Link>
      )}
      <Link href="/profile" title={t("profile")} className={item} data-testid="user-menu-email">
        <span className="inline-block max-w-48 truncate align-bottom">{user.email}</span>
      </Link>
      <LogoutButton label={t("logout")} />
    </div>
  );
}
