import { z } from "zod";
import { addUserNote, listUserNotes, userNoteInput, userNoteListQuery } from "@/lib/accounts/user-notes";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.uuid() });

/** Admins' notes on a user (never shown to the user): newest first, paged; POST `{ body }` adds one (201). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params, query: userNoteListQuery }, async ({ db, user, params, query }) =>
    list(await listUserNotes(db, user, params.id, query)),
  ),
  POST: apiRoute({ access: "admin", params, body: userNoteInput }, async ({ db, user, params, body, meta }) =>
    created(await addUserNote(db, user, params.id, body, meta)),
  ),
});
