import { z } from "zod";
import { getSerialBatch } from "@/lib/billing/serial-batches";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params }) => ({
  batch: await getSerialBatch(db, user, params.id),
}));
