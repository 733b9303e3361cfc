"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormError } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ActionState } from "@/lib/actions/action";
import { importNodesAction, listNodesAction } from "./control-actions";

interface NodeRow {
  externalId: string;
  name: string;
  nodeKey: string | null;
  registered: boolean;
}

/**
 * The account's nodes, read from its server when asked (not on every page view: that is a request to the
 * customer's server), with checkboxes for the ones that can still become devices.
 */
export function NodePicker({ accountId }: { accountId: string }) {
  const t = useTranslations("devices.control");
  const [nodes, setNodes] = useState<NodeRow[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [state, setState] = useState<ActionState<unknown>>(null);
  const [done, setDone] = useState<{
    imported: number;
    skipped: number;
  } | null>(null);
  const [busy, startTransition] = useTransition();

  const load = () =>
    startTransition(async () => {
      const r = await listNodesAction(null, { id: accountId });
      setState(r);
      if (r?.ok) {
        setNodes(r.data);
        setChosen(new Set());
      }
    });
  const importChosen = () =>
    startTransition(async () => {
      const r = await importNodesAction(null, {
        id: accountId,
        nodeIds: [...chosen],
      });
      setState(r);
      if (r?.ok) {
        setDone(r.data);
        const again = await listNodesAction(null, { id: accountId });
        if (again?.ok) setNodes(again.data);
        setChosen(new Set());
      }
    });
  const toggle = (id: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="space-y-3">
      <Button size="sm" variant="outline" disabled={busy} onClick={load} data-testid="control-show-nodes">
        {nodes ? t("reloadNodes") : t("showNodes")}
      </Button>
      <FormError state={state} />
      {done && <Alert tone="success">{t("importedOk", { imported: done.imported, skipped: done.skipped })}</Alert>}
      {nodes && nodes.length === 0 && <p className="text-sm text-muted-foreground">{t("noNodes")}</p>}
      {nodes && nodes.length > 0 && (
        <>
          <Table data-testid="control-nodes">
            <THead>
              <Tr>
                <Th />
                <Th>{t("nodeName")}</Th>
                <Th>{t("nodeKey")}</Th>
              </Tr>
            </THead>
            <TBody>
              {nodes.map((n) => (
                <Tr key={n.externalId} data-testid="control-node">
                  <Td>
                    <input
                      type="checkbox"
                      aria-label={n.name}
                      disabled={n.registered || !n.nodeKey || busy}
                      checked={chosen.has(n.externalId)}
                      onChange={(e) => toggle(n.externalId, e.target.checked)}
                    />
                  </Td>
                  <Td className="font-medium">
                    {n.name} {n.registered && <Badge tone="success">{t("registered")}</Badge>}
                    {!n.nodeKey && <Badge tone="warning">{t("noKey")}</Badge>}
                  </Td>
                  <Td className="max-w-[16rem] break-all font-mono text-xs" title={n.nodeKey ?? ""}>
                    {n.nodeKey ? `${n.nodeKey.slice(0, 20)}…${n.nodeKey.slice(-6)}` : "-"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <Button size="sm" disabled={busy || chosen.size === 0} onClick={importChosen} data-testid="control-import">
            {t("importChosen", { count: chosen.size })}
          </Button>
        </>
      )}
    </div>
  );
}
