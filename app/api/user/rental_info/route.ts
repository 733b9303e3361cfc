import { z } from "zod";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import { apiRoute } from "@/lib/http/api-route";

/** The caller's rentals; an admin may pass ?user_id= to read anyone's (a customer gets 403 for others). */
export const GET = apiRoute(
  { access: "user", query: z.object({ user_id: z.uuid().optional() }) },
  async ({ db, user, query }) => ({ rentals: await listRentalInfo(db, user, query.user_id ?? user.id) }),
);
