import { z } from "zod";
import { getPlanSales } from "@/lib/billing/plan-overview";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** 200 `{ data: { orders, revenue: [{ currency, amountMinor, orders }] } }`: what the plan sold, per currency. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params }) => getPlanSales(db, user, params.id)),
});
