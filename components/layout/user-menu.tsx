import { CircleUser, LayoutDashboard, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/accounts/logout-button";
import { buttonVariants } from "@/components/ui/button";
import { getPageUser } from "@/lib/auth/page-guards";
import { cn } from "@/lib/utils";

/**
 * The header's right side: login/sign-up links, or the admin (or portal) link, the user's email (to the profile)
 * and logout. On narrow screens the last three shrink to icons; their names stay for screen readers and tooltips.
 */
export async function UserMenu({ area }: { area: "portal" | "admin" }) {
  const [user, t] = await Promise.all([getPageUser(), getTranslations("accounts.menu")]);
  if (!user) {
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
  const compact = cn(buttonVariants({ variant: "ghost", size: "sm" }), "px-2 sm:px-3");
  return (
    <div className="flex items-center gap-1">
      {user.role === "admin" && area === "portal" && (
        <Link href="/admin" className={compact} title={t("admin")} data-testid="admin-link">
          <ShieldCheck className="h-4 w-4 sm:hidden" aria-hidden />
          <span className="sr-only sm:not-sr-only">{t("admin")}</span>
        </Link>
      )}
      {area === "admin" && (
        <Link href="/" className={compact} title={t("portal")}>
          <LayoutDashboard className="h-4 w-4 sm:hidden" aria-hidden />
          <span className="sr-only sm:not-sr-only">{t("portal")}</span>
        </Link>
      )}
      <Link href="/profile" title={t("profile")} className={cn(compact, "md:px-3")} data-testid="user-menu-email">
        <CircleUser className="h-4 w-4 md:hidden" aria-hidden />
        <span className="sr-only md:not-sr-only">
          <span className="inline-block max-w-48 truncate align-bottom">{user.email}</span>
        </span>
      </Link>
      <LogoutButton label={t("logout")} />
    </div>
  );
}
