import { listUsers, userListFilter } from "@/lib/accounts/admin-users";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Users, newest first: ?q (part of the email), ?status, ?role, ?cursor, ?limit. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: userListFilter }, async ({ db, user, query }) => list(await listUsers(db, user, query))),
});
