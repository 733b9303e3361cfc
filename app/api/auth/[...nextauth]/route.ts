import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth";

// next-auth's own endpoints (csrf, providers, callback/credentials, session, signout).
type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, authOptions()) as Promise<Response>;

export { handler as GET, handler as POST };
