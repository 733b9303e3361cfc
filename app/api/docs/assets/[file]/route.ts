import { NextResponse, type NextRequest } from "next/server";
import { swaggerUiAsset } from "@/app/_lib/openapi/swagger-ui";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";
import { methods } from "@/lib/http/methods";

/** The reference page's script and style files (a fixed list; any other name is the API's JSON 404). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async (req: NextRequest, ctx) => {
    const { file } = (await ctx.params) as { file: string };
    const asset = await swaggerUiAsset(file);
    if (!asset) {
      const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
      return NextResponse.json({ error: { code: "api_not_found", message: translateError(locale, "api_not_found") } }, { status: 404 });
    }
    return new Response(new Uint8Array(Buffer.from(asset.body)), {
      headers: { "Content-Type": asset.contentType, "Cache-Control": "public, max-age=86400" },
    });
  },
});
