import type { ReactNode } from "react";
import { Card, CardDescription } from "@/components/ui/card";

/** The frame of the sign-up, login, verification and reset pages. */
export function AuthCard({ title, lead, children, footer }: { title: string; lead?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md space-y-4 py-6">
      <Card className="space-y-5">
        <div className="space-y-1.5">
          <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
          {lead && <CardDescription>{lead}</CardDescription>}
        </div>
        {children}
      </Card>
      {footer && <div className="text-center text-sm text-muted-foreground">{footer}</div>}
    </div>
  );
}
