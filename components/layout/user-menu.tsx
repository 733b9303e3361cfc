import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/accounts/logout-button";
import { buttonVariants } from "@/components/ui/button";
import { getPageUser } from "@/lib/auth/page-guards";

/** The header's right side: login/sign-up links, or the user's email, the admin (or portal) link and logout. */
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
  return (
    <div className="flex items-center gap-1">
      {user.role === "admin" && area === "portal" && (
        <Link href="/admin" className={buttonVariants({ variant: "ghost", size: "sm" })} data-testid="admin-link">
          {t("admin")}
        </Link>
      )}
      {area === "admin" && (
        <Link href="/" className={buttonVariants({ variant: "ghost", size: "sm" })}>
          {t("portal")}
        </Link>
      )}
      <Link
        href="/profile"
        title={t("profile")}
        className={buttonVariants({ variant: "ghost", size: "sm", className: "max-w-48 truncate" })}
        data-testid="user-menu-email"
      >
        {user.email}
      </Link>
      <LogoutButton label={t("logout")} />
    </div>
  );
}
