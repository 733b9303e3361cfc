import Link from "next/link";
import type { ReactNode } from "react";
import type { AuditEntryView, AuditLink } from "@/lib/logs/audit-view";

/** The part of a next-intl translator (namespace adminLogs.audit) that words a sentence with links. */
export interface AuditTranslator {
  (key: "system"): string;
  rich(key: string, values: Record<string, string | number | ((chunks: ReactNode) => ReactNode)>): ReactNode;
}

/**
 * An audit entry as a sentence: its action's message (adminLogs.audit.actions.<key>) with the entry's details,
 * the actor as `<actor>` and the target as `<target>`, each a link to its page when it has one.
 */
export function auditSentence(t: AuditTranslator, e: AuditEntryView): ReactNode {
  const who = e.actor?.text ?? t("system");
  if (!e.messageKey) return t.rich("unknownAction", { who, action: e.action, actor: linked(e.actor) });
  return t.rich(`actions.${e.messageKey}`, { ...e.values, who, what: e.target?.text ?? "", actor: linked(e.actor), target: linked(e.target) });
}

function linked(to: AuditLink | null) {
  return function Linked(chunks: ReactNode) {
    if (to?.href) {
      return (
        <Link href={to.href} title={to.title} className="font-medium text-primary hover:underline" data-testid="audit-link">
          {chunks}
        </Link>
      );
    }
    return (
      <span className="font-medium" title={to?.title}>
        {chunks}
      </span>
    );
  };
}
