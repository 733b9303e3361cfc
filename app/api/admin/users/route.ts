import { listUsers, userListFilter } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ access: "admin", query: userListFilter }, async ({ db, user, query }) => listUsers(db, user, query));
