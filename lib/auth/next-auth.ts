import type { AuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/accounts/login";
import { loginInput } from "@/lib/accounts/schemas";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { requestMeta } from "@/lib/http/request-meta";
import { loadActiveUser } from "./current-user";
import { SESSION_MAX_AGE_SECONDS, secureCookies } from "./session";
import { nextAuthSecret } from "./keys";

/**
 * next-auth 4 with the credentials provider and JWT sessions, mounted at /api/auth/*. Its secret is derived
 * from APP_SECRET and its URL is APP_URL, so it needs no variables of its own. The credential check is the
 * same `authenticate` the JSON route and the login form use; the token carries the user id (`sub`) and the
 * session version (`sv`) that getCurrentUser compares with the database on every request.
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
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = loginInput.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          try {
            const user = await authenticate(await getDb(), parsed.data, requestMeta(new Headers(req.headers as Record<string, string>)));
            return { id: user.id, email: user.email, sv: user.sessionVersion };
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
        }
        return token;
      },
      // next-auth's own /api/auth/session must not outlive a logout-everywhere, a reset or a disable either:
      // an ended session answers `{}`, exactly like no session.
      async session({ session, token }) {
        const sv = typeof token.sv === "number" ? token.sv : -1;
        const user = token.sub ? await loadActiveUser(token.sub, sv) : null;
        if (!user) return {} as Session;
        return { ...session, user: { id: user.id, email: user.email } };
      },
    },
  };
}

