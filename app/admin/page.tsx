import { getTranslations } from "next-intl/server";

export default async function AdminHomePage() {
  const t = await getTranslations("common.admin");
  return (
    <section className="space-y-2">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-muted-foreground">{t("lead")}</p>
    </section>
  );
}
