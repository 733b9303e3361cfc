import { exportOrdersCsv, orderFilter } from "@/lib/billing/orders";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The filtered orders as CSV (same filters as GET /api/admin/orders), streamed; audit-logged. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: orderFilter, sameSiteOnly: true }, async ({ db, user, query, meta }) => {
    const { cursor: _cursor, limit: _limit, ...filter } = query;
    const stream = await exportOrdersCsv(db, user, filter, meta);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="orders-${day}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }),
});
