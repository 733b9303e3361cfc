import { z } from "zod";
import { exportQuery, exportSerialBatch } from "@/lib/billing/serial-export";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The batch's codes in plain text, ?format=csv|txt and optional ?status; every export is audit-logged. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), query: exportQuery, sameSiteOnly: true },
    async ({ db, user, params, query, meta }) => {
      const file = await exportSerialBatch(db, user, params.id, query, meta);
      return new Response(file.body, {
        headers: {
          "Content-Type": file.contentType,
          "Content-Disposition": `attachment; filename="${file.filename}"`,
          "Cache-Control": "no-store",
          "Referrer-Policy": "no-referrer",
        },
      });
    },
  ),
});
