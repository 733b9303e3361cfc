import { allocateForCaller } from "@/lib/containers/container-actions";
import { allocateInput } from "@/lib/containers/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /**
   * `{ rentalId, region? }`: gives the rental the relay node(s) its plan promises (idempotent). The owner or an
   * admin; another user's rental is a 404, a released one a 409. Answers the rental's status, its relays and,
   * when it still waits, why (`problem`).
   */
  POST: apiRoute({ access: "user", body: allocateInput }, async ({ db, user, body, meta }) => allocateForCaller(db, user, body, meta)),
});
