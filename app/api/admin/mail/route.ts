import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { listOutbox, outboxFilter } from "@/lib/mail/outbox";

/** The development outbox (mails kept instead of sent when no provider is configured); admins only. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: outboxFilter }, async ({ db, user, query }) => list(await listOutbox(db, user, query))),
});
