import { Resend } from "resend";
import type { DbOrTx } from "@/db/client";
import { mailOutbox, type Locale } from "@/db/schema";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export interface RenderedMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  template: string;
  locale: Locale;
}

export interface MailTransport {
  name: "resend" | "outbox" | "test";
  send(db: DbOrTx, mail: RenderedMail): Promise<void>;
}

/** Development and the embedded quick start: the mail goes into a table that admins read at /admin/mail. */
export const outboxTransport: MailTransport = {
  name: "outbox",
  async send(db, mail) {
    const [row] = await db.insert(mailOutbox).values({ ...mail, createdAt: now() }).returning({ id: mailOutbox.id });
    // The body carries codes: only the envelope is logged.
    logger.info({ to: mail.to, template: mail.template, outboxId: row.id }, "mail kept in the development outbox (/admin/mail)");
  },
};

function resendTransport(apiKey: string, from: string): MailTransport {
  const client = new Resend(apiKey);
  return {
    name: "resend",
    async send(_db, mail) {
      const { error } = await client.emails.send({ from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
      if (error) throw new Error(`Resend refused the mail: ${error.name}: ${error.message}`);
    },
  };
}

const globalForMail = globalThis as unknown as { __derpMailTransport?: MailTransport | null };

export function mailTransport(): MailTransport {
  if (globalForMail.__derpMailTransport) return globalForMail.__derpMailTransport;
  const e = env();
  return e.RESEND_API_KEY && e.MAIL_FROM ? resendTransport(e.RESEND_API_KEY, e.MAIL_FROM) : outboxTransport;
}

/** Tests replace the transport (e.g. one that fails) and restore the default with null. */
export function setMailTransportForTests(transport: MailTransport | null): void {
  globalForMail.__derpMailTransport = transport;
}

export function mailProviderConfigured(): boolean {
  const e = env();
  return Boolean(e.RESEND_API_KEY && e.MAIL_FROM);
}
