import { getTranslations } from "next-intl/server";
import { DateTime } from "@/components/ui/date-time";
import type { AuditEntryView } from "@/lib/logs/audit-view";
import { auditSentence, type AuditTranslator } from "./audit-sentence";

/**
 * Audit entries as sentences in the reader's language ("alice@… created API token “ci”"), the actor and target
 * linked to their pages, then the time, the address and the action's code; the details unfold below, whole.
 * A list rather than a table: long emails and details wrap instead of widening the page on a phone.
 */
export async function AuditEntries({ entries, details = true }: { entries: AuditEntryView[]; details?: boolean }) {
  const t = await getTranslations("adminLogs.audit");
  return (
    <ul className="divide-y divide-border rounded-lg border border-border" data-testid="audit-entries">
      {entries.map((e) => (
        <li key={e.id} className="space-y-1 px-4 py-3 text-sm" data-testid="audit-entry" data-action={e.action}>
          <p className="wrap-anywhere" data-testid="audit-sentence">
            {auditSentence(t as unknown as AuditTranslator, e)}
          </p>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
            <DateTime value={e.at} />
            {e.ip && (
              <span className="font-mono" title={t("ip")} data-testid="audit-ip">
                {e.ip}
              </span>
            )}
            <code className="font-mono">{e.action}</code>
          </p>
          {details && (Object.keys(e.details).length > 0 || e.userAgent) && (
            <details className="text-xs">
              <summary className="cursor-pointer text-primary">{t("showDetails")}</summary>
              <dl className="mt-2 space-y-2">
                {e.userAgent && (
                  <div>
                    <dt className="text-muted-foreground">{t("userAgent")}</dt>
                    <dd className="wrap-anywhere">{e.userAgent}</dd>
                  </div>
                )}
                {Object.keys(e.details).length > 0 && (
                  <div>
                    <dt className="text-muted-foreground">{t("details")}</dt>
                    <dd>
                      <pre className="whitespace-pre-wrap rounded bg-muted p-2 font-mono wrap-anywhere" data-testid="audit-details">
                        {JSON.stringify(e.details, null, 2)}
                      </pre>
                    </dd>
                  </div>
                )}
              </dl>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
