import { and, desc, eq, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { userNotes, users } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit } from "@/lib/logs/audit-log";

/** Admins' notes on a user: never shown to the user, listed newest first with author and time. */
export const userNoteInput = z.object({ body: z.string().trim().min(1).max(2000) });
export const userNoteListQuery = pageQuery(byTimeAndId);

export interface UserNoteView {
  id: string;
  userId: string;
  authorId: string | null;
  authorEmail: string;
  body: string;
  createdAt: Date;
}

const view = {
  id: userNotes.id,
  userId: userNotes.userId,
  authorId: userNotes.authorId,
  authorEmail: userNotes.authorEmail,
  body: userNotes.body,
  createdAt: userNotes.createdAt,
};

export async function addUserNote(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  input: z.output<typeof userNoteInput>,
  meta?: RequestMeta,
): Promise<UserNoteView> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound();
    const [note] = await tx
      .insert(userNotes)
      .values({ userId, authorId: actor.id, authorEmail: actor.email, body: input.body, createdAt: now() })
      .returning(view);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "user.note_added",
      target: { type: "user", id: userId },
      meta,
      details: { noteId: note.id },
    });
    return note;
  });
}

export async function listUserNotes(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  query: z.output<typeof userNoteListQuery>,
): Promise<Page<UserNoteView>> {
  assertAdmin(actor);
  const after = query.cursor;
  const rows = await db
    .select(view)
    .from(userNotes)
    .where(
      and(
        eq(userNotes.userId, userId),
        after ? or(lt(userNotes.createdAt, after.at), and(eq(userNotes.createdAt, after.at), lt(userNotes.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(userNotes.createdAt), desc(userNotes.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (n) => [n.createdAt.toISOString(), n.id]);
}
