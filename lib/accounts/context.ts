import type { AppLocale } from "@/lib/i18n/config";
import type { RequestMeta } from "@/lib/logs/audit-log";

/** Where a public request came from and in which language it was made. */
export interface RequestContext {
  meta: RequestMeta;
  locale: AppLocale;
}
