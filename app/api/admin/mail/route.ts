import { apiRoute } from "@/lib/http/api-route";
import { listOutbox, outboxFilter } from "@/lib/mail/outbox";

/** The development outbox (mails kept instead of sent when no provider is configured); admins only. */
export const GET = apiRoute({ access: "admin", query: outboxFilter }, async ({ db, user, query }) => listOutbox(db, user, query));
