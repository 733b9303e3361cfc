import type { AppLocale } from "@/lib/i18n/config";
import { localizedName } from "@/lib/i18n/localized";
import type { RegionWithUsage } from "@/lib/regions/regions";
import type { RegionChoice } from "./server-form";

/** The regions a server may be placed in, named in the reader's language (inactive ones only keep their servers). */
export function regionChoices(regions: RegionWithUsage[], locale: AppLocale): RegionChoice[] {
  return regions.map((r) => ({ code: r.code, name: localizedName(locale, r), active: r.active }));
}
