import { z } from "zod";
import { getSerialBatch } from "@/lib/billing/serial-batches";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params }) =>
    getSerialBatch(db, user, params.id),
  ),
});
