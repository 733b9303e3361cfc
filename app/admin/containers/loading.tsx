import { getTranslations } from "next-intl/server";

/** Shown while the containers page reads relays, servers and traffic. */
export default async function Loading() {
  const t = await getTranslations("containers.admin");
  return (
    <div role="status" aria-live="polite" className="py-10 text-center text-muted-foreground" data-testid="containers-loading">
      {t("loading")}
    </div>
  );
}
