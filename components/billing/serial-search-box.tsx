import { Search } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/**
 * The one search box for serial codes (a whole code or its last five symbols). A plain GET form: it works
 * without JavaScript and its results page can be bookmarked or shared between admins.
 */
export async function SerialSearchBox({ value = "", autoFocus = false }: { value?: string; autoFocus?: boolean }) {
  const t = await getTranslations("operator.search");
  return (
    <form action="/admin/serials/search" method="get" role="search" className="flex w-full max-w-xl gap-2" data-testid="serial-search">
      <label htmlFor="serial-search-q" className="sr-only">
        {t("label")}
      </label>
      <Input
        id="serial-search-q"
        name="q"
        defaultValue={value}
        placeholder={t("placeholder")}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        className="font-mono"
        maxLength={100}
      />
      <Button type="submit" variant="outline">
        <Search className="h-4 w-4" aria-hidden />
        {t("submit")}
      </Button>
    </form>
  );
}
