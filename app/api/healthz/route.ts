import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** For load balancers and Kubernetes probes: 200 when the database answers and is fully migrated. */
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health.body, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
