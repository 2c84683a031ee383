/**
 * The support console's own session (BETA-2): a signed cookie, separate from Shopify's
 * auth, so no merchant session or Shopify token grants staff rights.
 *
 * Cookie: HttpOnly, SameSite=Strict, Path=/support, 8 hours, signed with
 * SUPPORT_SESSION_SECRET; Secure (and named with the __Secure- prefix) whenever the app
 * is served over https, which production always is. Every form carries a CSRF token kept
 * in the session (synchroniser token), and cross-site POSTs are refused outright.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage, json, redirect, type Session } from "@remix-run/node";
import { env } from "~/env.server";
import { credentialVersion, findStaff, type StaffAccount } from "./staff.server";

export const SESSION_MAX_AGE_S = 8 * 60 * 60;
export const CSRF_FIELD = "csrf";

interface SessionData {
  staff: string;
  cv: string;
  csrf: string;
  signedInAt: number;
}

export type SupportSession = Session<SessionData>;

export class SupportNotConfiguredError extends Error {}

let storage: { key: string; value: ReturnType<typeof build> } | undefined;

function build(secret: string, secure: boolean) {
  return createCookieSessionStorage<SessionData>({
    cookie: {
      name: secure ? "__Secure-uplift_support" : "uplift_support",
      httpOnly: true,
      secure,
      sameSite: "strict",
      path: "/support",
      maxAge: SESSION_MAX_AGE_S,
      secrets: [secret],
    },
  });
}

function sessionStorage() {
  const config = env();
  if (!config.SUPPORT_SESSION_SECRET || !config.SUPPORT_STAFF) {
    throw json(
      { error: "support_not_configured", message: "The support console is not configured: set SUPPORT_SESSION_SECRET and SUPPORT_STAFF (docs/operations.md)." },
      { status: 503 },
    );
  }
  const secure = new URL(config.SHOPIFY_APP_URL).protocol === "https:";
  const key = `${config.SUPPORT_SESSION_SECRET}|${secure}`;
  if (storage?.key !== key) storage = { key, value: build(config.SUPPORT_SESSION_SECRET, secure) };
  return storage.value;
}

export async function getSupportSession(request: Request): Promise<SupportSession> {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export function commitSupportSession(session: SupportSession): Promise<string> {
  return sessionStorage().commitSession(session);
}

export function destroySupportSession(session: SupportSession): Promise<string> {
  return sessionStorage().destroySession(session);
}

const newToken = () => randomBytes(32).toString("base64url");

/** The session's CSRF token, created on first use (the caller commits the session). */
export function ensureCsrfToken(session: SupportSession): string {
  let token = session.get("csrf");
  if (!token) {
    token = newToken();
    session.set("csrf", token);
  }
  return token;
}

/** Throws 403 unless the POST is same-site and carries the session's CSRF token. */
export function assertCsrf(request: Request, session: SupportSession, form: FormData): void {
  const expected = session.get("csrf");
  const given = form.get(CSRF_FIELD);
  // Browsers mark cross-site requests; refuse them before even looking at the token.
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  const crossSite = fetchSite === "cross-site" || fetchSite === "same-site";
  const valid =
    !crossSite &&
    typeof expected === "string" &&
    typeof given === "string" &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!valid) {
    throw json(
      { error: "csrf", message: "This form has expired or did not come from the support console. Reload the page and try again." },
      { status: 403 },
    );
  }
}

/** Starts a signed-in session: a fresh CSRF token, the account's credential version. */
export function signIn(session: SupportSession, account: StaffAccount, now = Date.now()): void {
  session.set("staff", account.email);
  session.set("cv", credentialVersion(account));
  session.set("signedInAt", now);
  session.set("csrf", newToken());
}

export interface StaffContext {
  staff: StaffAccount;
  session: SupportSession;
  csrfToken: string;
  /** Audit actor for this staff member. */
  actor: string;
}

/** The signed-in staff member, or null (expired, removed, password changed, or none). */
export async function currentStaff(request: Request, now = Date.now()): Promise<StaffContext | null> {
  const session = await getSupportSession(request);
  const email = session.get("staff");
  if (!email) return null;
  const staff = findStaff(email);
  const fresh = now - (session.get("signedInAt") ?? 0) < SESSION_MAX_AGE_S * 1000;
  if (!staff || session.get("cv") !== credentialVersion(staff) || !fresh) return null;
  return { staff, session, csrfToken: ensureCsrfToken(session), actor: `staff:${staff.email}` };
}

/** For every console loader and action: the staff context, or a redirect to the login page. */
export async function requireStaff(request: Request): Promise<StaffContext> {
  const context = await currentStaff(request);
  if (context) return context;
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  const session = await getSupportSession(request);
  throw redirect(`/support/login?next=${encodeURIComponent(next)}`, {
    headers: { "Set-Cookie": await destroySupportSession(session) },
  });
}

/** Only same-console paths are followed after login (no open redirect). */
export function safeNextPath(next: string | null | undefined): string {
  return next && /^\/support(\/[A-Za-z0-9._~%/-]*)?(\?[^\\]*)?$/.test(next) && !next.startsWith("//") ? next : "/support";
}
