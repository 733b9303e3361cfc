import type { AuthOptions, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { logIn, logOut } from "@/lib/accounts/login";
import { loginInput } from "@/lib/accounts/schemas";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { requestMeta } from "@/lib/http/request-meta";
import { loadActiveUser } from "./current-user";
import { SESSION_MAX_AGE_SECONDS, secureCookies } from "./session";
import { nextAuthSecret } from "./keys";
import type { SessionClaims } from "./types";

function claimsOf(token: JWT): SessionClaims | null {
  const { sub, sv, sid } = token as JWT & { sv?: unknown; sid?: unknown };
  if (typeof sub !== "string" || typeof sv !== "number" || typeof sid !== "string") return null;
  return { userId: sub, sessionVersion: sv, sessionId: sid };
}

/**
 * next-auth 4 with the credentials provider and JWT sessions, mounted at /api/auth/*. Its secret is derived
 * from APP_SECRET and its URL is APP_URL, so it needs no variables of its own. The credential check is the
 * same `logIn` the JSON route and the login form use; the token carries the user id (`sub`), the session
 * version (`sv`) and the session row's id (`sid`) that getCurrentUser checks against the database on every
 * request.
 */
export function authOptions(): AuthOptions {
  const e = env();
  process.env.NEXTAUTH_URL ??= e.APP_URL;
  return {
    secret: nextAuthSecret(),
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          // Only for accounts with two-factor login on; without it they are refused with totp_required.
          totp: { label: "Code", type: "text" },
          recoveryCode: { label: "Recovery code", type: "text" },
        },
        async authorize(credentials, req) {
          // A form posts empty fields it did not fill (no code for an account without two-factor login).
          const given = Object.fromEntries(Object.entries(credentials ?? {}).filter(([, v]) => v !== ""));
          const parsed = loginInput.safeParse(given);
          if (!parsed.success) return null;
          try {
            const meta = requestMeta(new Headers(req.headers as Record<string, string>));
            const { user, session } = await logIn(await getDb(), parsed.data, meta);
            return { id: user.id, email: user.email, sv: session.sessionVersion, sid: session.sessionId };
          } catch (err) {
            // next-auth turns a thrown error into ?error=<message>; our codes are safe to show.
            if (isAppError(err)) throw new Error(err.code);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sv?: number }).sv;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      // next-auth's own /api/auth/session must not outlive a logout-everywhere, a reset or a disable either:
      // an ended session answers `{}`, exactly like no session.
      async session({ session, token }) {
        const claims = claimsOf(token);
        const user = claims ? await loadActiveUser(claims) : null;
        if (!user) return {} as Session;
        return { ...session, user: { id: user.id, email: user.email } };
      },
    },
    events: {
      // next-auth's own sign-out (POST /api/auth/signout) ends the session row, not only the cookie.
      async signOut({ token }) {
        const claims = token ? claimsOf(token) : null;
        const user = claims ? await loadActiveUser(claims) : null;
        if (user) await logOut(await getDb(), user, { ip: null, userAgent: null });
      },
    },
  };
}

