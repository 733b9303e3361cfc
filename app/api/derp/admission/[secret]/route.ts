import { NextResponse, type NextRequest } from "next/server";
import { admissionAnswer, admissionService, answerAdmission } from "@/lib/devices/admission-http";
import { methods } from "@/lib/http/methods";

/**
 * derper's admission call (derp.md, "Admission control"). Not an apiRoute: derper has no session, sends no
 * Origin and no Content-Type, and must get `{"Allow": …}`; the secret in the path is the only authority.
 * Other methods keep the API's JSON 405 (with `"Allow": false` added), which derper reads as a refusal.
 */
const handlers = methods({
  POST: async (req, ctx) => {
    const { secret } = (await ctx.params) as { secret: string };
    return answerAdmission(admissionService(), req, secret);
  },
});

function denying(handler: (typeof handlers)["GET"]): (typeof handlers)["GET"] {
  const wrapped = async (req: NextRequest, ctx: Parameters<typeof handler>[1]) => {
    const res = await handler(req, ctx);
    if (res.status === 204) return admissionAnswer(false, 405);
    const body = (await res.json()) as Record<string, unknown>;
    return NextResponse.json({ Allow: false, ...body }, { status: res.status, headers: res.headers });
  };
  // Still a "method not allowed" handler for the tests that sweep every route.
  return Object.assign(wrapped, handler);
}

export const POST = handlers.POST;
export const GET = denying(handlers.GET);
export const PUT = denying(handlers.PUT);
export const PATCH = denying(handlers.PATCH);
export const DELETE = denying(handlers.DELETE);
export const OPTIONS = handlers.OPTIONS;
