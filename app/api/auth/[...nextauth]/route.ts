import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth";
import { checkedBody } from "@/lib/http/checked-body";
import { methods } from "@/lib/http/methods";

// next-auth's own endpoints (csrf, providers, callback/credentials, session, signout). Their bodies are
// checked first like every other route's: at most 1 MB, and JSON that parses.
type Ctx = { params: Promise<Record<string, string | string[]>> };
const handler = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx as never, authOptions()) as Promise<Response>;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET: handler, POST: checkedBody(handler) });
