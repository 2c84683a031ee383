/**
 * The support console and CLI (BETA-2): staff sign-in separate from Shopify, CSRF,
 * rate-limited login, shop search, the audited beta toggle, the audit log.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { createRedis } from "~/redis.server";
import { hashPassword, isPasswordHash, verifyPassword } from "~/staff/passwords.server";
import { parseStaffAccounts, StaffConfigError } from "~/staff/staff.server";
import { currentStaff, SESSION_MAX_AGE_S } from "~/staff/session.server";
import {
  createLoginRateLimiter,
  FallbackCounterStore,
  MemoryCounterStore,
  RedisCounterStore,
  type CounterStore,
} from "~/staff/login-rate-limit.server";
import { runSupportCli } from "~/staff/cli.server";
import { loader as layoutLoader } from "~/routes/support";
import { loader as shopsLoader } from "~/routes/support._index";
import { action as loginAction, loader as loginLoader } from "~/routes/support.login";
import { action as logoutAction } from "~/routes/support.logout";
import { action as shopAction, loader as shopLoader } from "~/routes/support.shops.$shopId";
import { loader as auditLoader } from "~/routes/support.audit";
import { adminFormPost, adminRequest, APP_URL, callRoute, installShop } from "../support/shopify";
import { at, first } from "../support/entries";
import { acceptUpgrade } from "../support/upgrade-fixtures";

const STAFF = { email: "ana@uplift.test", password: "correct horse battery staple" };
const OTHER_STAFF = { email: "ben@uplift.test", password: "another long passphrase" };

// Staff accounts come from configuration, read when the console first needs them.
process.env.SUPPORT_STAFF = [
  `${STAFF.email}:${await hashPassword(STAFF.password)}`,
  `${OTHER_STAFF.email}:${await hashPassword(OTHER_STAFF.password)}`,
].join(",");

/** A browser's cookie jar, enough for one origin. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): this {
    for (const line of response.headers.getSetCookie()) {
      const pair = first(line.split(";"));
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get size() {
    return this.cookies.size;
  }
}

function request(pathAndQuery: string, init: { jar?: Jar; form?: Record<string, string>; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.jar?.size) headers.set("Cookie", init.jar.header());
  if (init.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    if (!headers.has("Sec-Fetch-Site")) headers.set("Sec-Fetch-Site", "same-origin");
  }
  return new Request(new URL(pathAndQuery, APP_URL()), {
    method: init.form ? "POST" : "GET",
    headers,
    body: init.form ? new URLSearchParams(init.form) : undefined,
  });
}

async function openLoginPage(jar: Jar, next = "/support"): Promise<string> {
  const response = await callRoute(loginLoader, request(`/support/login?next=${encodeURIComponent(next)}`, { jar }));
  expect(response.status).toBe(200);
  jar.take(response);
  return (await response.json()).csrf;
}

async function signIn(who = STAFF, jar = new Jar(), extra: Record<string, string> = {}) {
  const csrf = await openLoginPage(jar);
  const response = await callRoute(loginAction, request("/support/login", { jar, form: { csrf, email: who.email, password: who.password, next: "/support", ...extra } }));
  jar.take(response);
  return { jar, response };
}

async function csrfOf(jar: Jar): Promise<string> {
  const response = await callRoute(layoutLoader, request("/support", { jar }));
  return (await response.json()).csrf;
}

let shopA: { id: string; domain: string };
let shopB: { id: string; domain: string };

beforeAll(async () => {
  shopA = await prisma.shop.create({ data: { domain: "acme-coffee.myshopify.com" } });
  shopB = await prisma.shop.create({ data: { domain: "zenith-tea.myshopify.com" } });
  await prisma.shop.create({ data: { domain: "acme-bakery.myshopify.com", subscriptionUpgradesBeta: true } });
});

beforeEach(async () => {
  await prisma.shop.updateMany({ where: { id: { in: [shopA.id, shopB.id] } }, data: { subscriptionUpgradesBeta: false } });
  await prisma.auditLog.deleteMany({});
});

describe("staff authentication (BETA-2)", () => {
  it("BETA-2: the console sends a visitor without a staff session to the login page", async () => {
    for (const fn of [shopsLoader, auditLoader]) {
      const response = await callRoute(fn, request("/support?q=acme"));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/support/login?next=${encodeURIComponent("/support?q=acme")}`);
    }
  });

  it("BETA-2: a Shopify admin session grants no staff rights", async () => {
    await installShop(shopA.domain);
    const page = await callRoute(shopsLoader, await adminRequest(shopA.domain, "/support"));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/support\/login/);
    const toggle = await callRoute(
      shopAction,
      await adminFormPost(shopA.domain, `/support/shops/${shopA.id}`, { intent: "set-beta", enabled: "true", reason: "self-service" }),
      { shopId: shopA.id },
    );
    expect(toggle.status).toBe(302);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(false);
    expect(await prisma.auditLog.count()).toBe(0);
  });

  it("BETA-2: the session cookie is HttpOnly, Secure, SameSite=Strict and scoped to /support", async () => {
    const response = await callRoute(loginLoader, request("/support/login"));
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Secure-uplift_support=/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\/support/i);
    expect(cookie).toMatch(/; Max-Age=28800/i);
  });

  it("BETA-2: signs staff in with the right password, and the console then shows shops", async () => {
    const { jar, response } = await signIn();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/support");
    const layout = await (await callRoute(layoutLoader, request("/support", { jar }))).json();
    expect(layout.staff).toBe(STAFF.email);
    const shops = await callRoute(shopsLoader, request("/support", { jar }));
    expect(shops.status).toBe(200);
    expect((await shops.json()).shops.map((s: { domain: string }) => s.domain)).toEqual(
      expect.arrayContaining([shopA.domain, shopB.domain]),
    );
    expect(await prisma.auditLog.count({ where: { action: "support.login", actor: `staff:${STAFF.email}` } })).toBe(1);
  });

  it("BETA-2: a wrong password and an unknown email get the same 401", async () => {
    const wrong = await signIn({ ...STAFF, password: "not the password" });
    const unknown = await signIn({ email: "mallory@uplift.test", password: STAFF.password });
    for (const { response } of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("That email and password do not match a support staff account.");
    }
    expect(await callRoute(shopsLoader, request("/support", { jar: wrong.jar }))).toHaveProperty("status", 302);
  });

  it("BETA-2: the login form is refused without its CSRF token, with another session's token, or cross-site", async () => {
    const jar = new Jar();
    const csrf = await openLoginPage(jar);
    const otherJar = new Jar();
    const otherCsrf = await openLoginPage(otherJar);
    const attempts = [
      request("/support/login", { jar, form: { email: STAFF.email, password: STAFF.password } }),
      request("/support/login", { jar, form: { csrf: otherCsrf, email: STAFF.email, password: STAFF.password } }),
      request("/support/login", { form: { csrf, email: STAFF.email, password: STAFF.password } }),
      request("/support/login", { jar, form: { csrf, email: STAFF.email, password: STAFF.password }, headers: { "Sec-Fetch-Site": "cross-site" } }),
    ];
    for (const attempt of attempts) expect((await callRoute(loginAction, attempt)).status).toBe(403);
  });

  it("BETA-2: after 5 failed sign-ins the account is locked (429 + Retry-After), even for the right password", async () => {
    const who = OTHER_STAFF;
    for (let i = 0; i < 5; i++) {
      expect((await signIn({ ...who, password: `wrong password ${i}` })).response.status).toBe(401);
    }
    const locked = await signIn(who);
    expect(locked.response.status).toBe(429);
    expect(Number(locked.response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await locked.response.json()).error).toMatch(/Too many failed sign-ins/);
    // The lock lives in Redis: another web instance (its own connection) sees it too.
    const redis = createRedis();
    try {
      const elsewhere = createLoginRateLimiter({ store: new RedisCounterStore(redis), keyPrefix: `${process.env.QUEUE_PREFIX}:support-login` });
      expect(await elsewhere.check({ email: who.email, client: "10.0.0.99" })).toMatchObject({ allowed: false });
    } finally {
      redis.disconnect();
    }
    // Another staff member is not locked out by it.
    expect((await signIn(STAFF)).response.status).toBe(302);
  });

  it("BETA-2: the per-client limit stops one address from spraying many accounts", async () => {
    const limiter = createLoginRateLimiter({ store: new MemoryCounterStore(), keyPrefix: "t", maxFailuresPerClient: 3 });
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) await limiter.recordFailure({ email, client: "203.0.113.9" });
    expect(await limiter.check({ email: "d@x.test", client: "203.0.113.9" })).toMatchObject({ allowed: false });
    expect(await limiter.check({ email: "d@x.test", client: "198.51.100.1" })).toEqual({ allowed: true });
  });

  it("BETA-2: when Redis does not answer, the limiter falls back to memory instead of letting everyone through", async () => {
    const dead: CounterStore = {
      increment: () => new Promise(() => {}),
      read: () => Promise.reject(new Error("ECONNREFUSED")),
      reset: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const limiter = createLoginRateLimiter({ store: new FallbackCounterStore(dead, new MemoryCounterStore(), 50), keyPrefix: "t", maxFailuresPerEmail: 2 });
    const attempt = { email: "a@x.test", client: "c" };
    await limiter.recordFailure(attempt);
    await limiter.recordFailure(attempt);
    expect(await limiter.check(attempt)).toMatchObject({ allowed: false });
  });

  it("BETA-2: signing out needs the CSRF token and ends the session", async () => {
    const { jar } = await signIn();
    expect((await callRoute(logoutAction, request("/support/logout", { jar, form: {} }))).status).toBe(403);
    const response = await callRoute(logoutAction, request("/support/logout", { jar, form: { csrf: await csrfOf(jar) } }));
    expect(response.status).toBe(302);
    jar.take(response);
    expect((await callRoute(shopsLoader, request("/support", { jar }))).status).toBe(302);
  });

  it("BETA-2: a staff session ends after 8 hours", async () => {
    const { jar } = await signIn();
    expect(await currentStaff(request("/support", { jar }))).not.toBeNull();
    expect(await currentStaff(request("/support", { jar }), Date.now() + SESSION_MAX_AGE_S * 1000 + 1)).toBeNull();
  });

  it("BETA-2: a tampered session cookie is not accepted", async () => {
    const { jar } = await signIn();
    const cookie = jar.header();
    const asRequest = (c: string) => new Request(new URL("/support", APP_URL()), { headers: { Cookie: c } });
    expect(await currentStaff(asRequest(cookie))).not.toBeNull();
    // Swap the signed payload for another staff member's, keeping the signature.
    const name = cookie.slice(0, cookie.indexOf("="));
    const signature = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".").at(-1);
    const payload = Buffer.from(JSON.stringify({ staff: OTHER_STAFF.email, signedInAt: Date.now() })).toString("base64");
    expect(await currentStaff(asRequest(`${name}=${encodeURIComponent(`${payload}.${signature}`)}`))).toBeNull();
  });
});

describe("shops and the beta flag (BETA-2)", () => {
  it("BETA-2: lists and searches shops", async () => {
    const { jar } = await signIn();
    const found = await (await callRoute(shopsLoader, request("/support?q=ACME", { jar }))).json();
    expect(found.shops.map((s: { domain: string }) => s.domain)).toEqual(["acme-bakery.myshopify.com", "acme-coffee.myshopify.com"]);
    const betaOnly = await (await callRoute(shopsLoader, request("/support?q=acme&beta=on", { jar }))).json();
    expect(betaOnly.shops.map((s: { domain: string }) => s.domain)).toEqual(["acme-bakery.myshopify.com"]);
    const byId = await (await callRoute(shopsLoader, request(`/support?q=${shopB.id}`, { jar }))).json();
    expect(byId.shops.map((s: { id: string }) => s.id)).toEqual([shopB.id]);
  });

  it("BETA-2: enabling the flag needs a reason; without one nothing changes", async () => {
    const { jar } = await signIn();
    const csrf = await csrfOf(jar);
    for (const reason of ["", "  ", "x"]) {
      const response = await callRoute(shopAction, request(`/support/shops/${shopA.id}`, { jar, form: { csrf, intent: "set-beta", enabled: "true", reason } }), { shopId: shopA.id });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, field: "reason" });
    }
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(false);
    expect(await prisma.auditLog.count({ where: { shopId: shopA.id } })).toBe(0);
  });

  it("BETA-2: the toggle is refused without the CSRF token", async () => {
    const { jar } = await signIn();
    const response = await callRoute(shopAction, request(`/support/shops/${shopA.id}`, { jar, form: { intent: "set-beta", enabled: "true", reason: "Pilot" } }), { shopId: shopA.id });
    expect(response.status).toBe(403);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(false);
  });

  it("BETA-2: staff toggle the flag; each change is audited (who, when, shop, old → new, reason) and shown", async () => {
    const { jar } = await signIn();
    const csrf = await csrfOf(jar);
    const before = Date.now();
    const enable = await callRoute(shopAction, request(`/support/shops/${shopA.id}`, { jar, form: { csrf, intent: "set-beta", enabled: "true", reason: "Pilot customer, ticket #4521" } }), { shopId: shopA.id });
    expect(enable.status).toBe(200);
    expect((await enable.json()).message).toMatch(/turned on/);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(true);

    // Same value again: nothing changes and nothing is audited.
    const again = await callRoute(shopAction, request(`/support/shops/${shopA.id}`, { jar, form: { csrf, intent: "set-beta", enabled: "true", reason: "double click" } }), { shopId: shopA.id });
    expect((await again.json()).message).toMatch(/already on/);

    const disable = await callRoute(shopAction, request(`/support/shops/${shopA.id}`, { jar, form: { csrf, intent: "set-beta", enabled: "false", reason: "Merchant asked to leave the beta" } }), { shopId: shopA.id });
    expect(disable.status).toBe(200);

    const entries = await prisma.auditLog.findMany({ where: { shopId: shopA.id }, orderBy: { createdAt: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: `staff:${STAFF.email}`, shopDomain: shopA.domain, action: "beta.subscription_upgrades.enabled", oldValue: "false", newValue: "true", reason: "Pilot customer, ticket #4521" });
    expect(entries[1]).toMatchObject({ action: "beta.subscription_upgrades.disabled", oldValue: "true", newValue: "false", reason: "Merchant asked to leave the beta" });
    expect(first(entries).createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The console shows it: on the shop's page and in the audit log.
    const shopPage = await (await callRoute(shopLoader, request(`/support/shops/${shopA.id}`, { jar }), { shopId: shopA.id })).json();
    expect(shopPage.shop.upgradesBeta).toBe(false);
    expect(shopPage.audit.map((e: { reason: string }) => e.reason)).toEqual(["Merchant asked to leave the beta", "Pilot customer, ticket #4521"]);
    const auditPage = await (await callRoute(auditLoader, request("/support/audit?q=acme-coffee", { jar }))).json();
    expect(auditPage.entries.filter((e: { action: string }) => e.action.startsWith("beta.")).length).toBe(2);
  });

  it("BETA-2: the shop page shows its upgrades read-only, each with status and the error in plain words and the provider's", async () => {
    const { jar } = await signIn();
    const shop = await prisma.shop.upsert({ where: { domain: "upgrades-seen-by-support.myshopify.com" }, create: { domain: "upgrades-seen-by-support.myshopify.com" }, update: {} });
    const { upgradeJobId } = await acceptUpgrade({ shop, provider: "recharge", orderId: 4242 });
    await prisma.upgradeJob.update({
      where: { id: upgradeJobId },
      data: { status: "failed", orderName: "#1042", lastErrorClass: "ProviderAuthError", lastErrorMessage: "Recharge rejected the API token (HTTP 401)." },
    });
    const page = await (await callRoute(shopLoader, request(`/support/shops/${shop.id}`, { jar }), { shopId: shop.id })).json();
    expect(page.upgrades).toEqual([
      expect.objectContaining({ id: upgradeJobId, orderName: "#1042", status: "failed", lastErrorMessage: "Recharge rejected the API token (HTTP 401).", lastError: expect.objectContaining({ title: expect.any(String) }) }),
    ]);
  });

  it("BETA-2: an unknown shop id is a 404", async () => {
    const { jar } = await signIn();
    expect((await callRoute(shopLoader, request("/support/shops/nope", { jar }), { shopId: "nope" })).status).toBe(404);
    const csrf = await csrfOf(jar);
    const response = await callRoute(shopAction, request("/support/shops/nope", { jar, form: { csrf, intent: "set-beta", enabled: "true", reason: "Pilot" } }), { shopId: "nope" });
    expect(response.status).toBe(404);
  });
});

describe("support CLI (BETA-2)", () => {
  function io(password = "") {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), readPassword: async () => password } };
  }

  it("BETA-2: `beta enable <shop> --reason` turns the flag on and audits it; `beta disable` turns it off", async () => {
    const run = io();
    expect(await runSupportCli(["beta", "enable", "acme-coffee", "--reason", "Pilot via CLI", "--actor", "ana@uplift.test"], run.io)).toBe(0);
    expect(run.out.join("\n")).toMatch(/acme-coffee\.myshopify\.com: subscription upgrades beta off → on/);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(true);
    expect(await runSupportCli(["beta", "disable", shopA.domain, "--reason", "End of pilot"], run.io)).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } })).subscriptionUpgradesBeta).toBe(false);
    const entries = await prisma.auditLog.findMany({ where: { shopId: shopA.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.actor.startsWith("cli:"), e.oldValue, e.newValue, e.reason])).toEqual([
      [true, "false", "true", "Pilot via CLI"],
      [true, "true", "false", "End of pilot"],
    ]);
    expect(first(entries).actor).toBe("cli:ana@uplift.test");
  });

  it("BETA-2: the CLI refuses a change without a reason, and names an unknown shop", async () => {
    const noReason = io();
    expect(await runSupportCli(["beta", "enable", shopA.domain], noReason.io)).toBe(64);
    expect(noReason.err.join("\n")).toMatch(/--reason/);
    const unknown = io();
    expect(await runSupportCli(["beta", "enable", "nobody", "--reason", "x y z"], unknown.io)).toBe(1);
    expect(unknown.err.join("\n")).toMatch(/No shop nobody/);
    expect(await prisma.auditLog.count()).toBe(0);
  });

  it("BETA-2: `beta list` and `audit` show the flag and its history", async () => {
    await runSupportCli(["beta", "enable", shopB.domain, "--reason", "Listed"], io().io);
    const list = io();
    expect(await runSupportCli(["beta", "list"], list.io)).toBe(0);
    expect(list.out.join("\n")).toContain(shopB.domain);
    expect(list.out.join("\n")).not.toContain(shopA.domain);
    const all = io();
    await runSupportCli(["beta", "list", "--all"], all.io);
    expect(all.out.join("\n")).toContain(shopA.domain);
    const audit = io();
    expect(await runSupportCli(["audit", "--shop", shopB.domain], audit.io)).toBe(0);
    expect(audit.out.join("\n")).toMatch(/zenith-tea\.myshopify\.com\s+beta\.subscription_upgrades\.enabled false → true\s+reason: Listed/);
  });

  it("BETA-2: `hash-password` prints a SUPPORT_STAFF entry that signs in", async () => {
    const run = io("a brand new staff password");
    expect(await runSupportCli(["hash-password", "--email", "Cleo@Uplift.test"], run.io)).toBe(0);
    const entry = run.out[0];
    expect(entry).toMatch(/^cleo@uplift\.test:scrypt\.32768\.8\.3\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const account = parseStaffAccounts(entry).get("cleo@uplift.test")!;
    expect(await verifyPassword("a brand new staff password", account.passwordHash)).toBe(true);
    const short = io("short");
    expect(await runSupportCli(["hash-password"], short.io)).toBe(1);
  });

  it("BETA-2: `reencrypt --dry-run` reports what a key rotation would rewrite", async () => {
    const run = io();
    expect(await runSupportCli(["reencrypt", "--dry-run"], run.io)).toBe(0);
    expect(run.out.join("\n")).toMatch(/^would re-encrypt 0 secret\(s\); 0 already under ENCRYPTION_KEY\.$/);
    const unknown = io();
    expect(await runSupportCli(["beta", "frobnicate"], unknown.io)).toBe(64);
    expect(unknown.err.join("\n")).toMatch(/Usage: npm run support/);
  });

  it("BETA-2: `npm run support` runs the same CLI as a process", async () => {
    const script = path.resolve("scripts/support-cli.ts");
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, "beta", "enable", "zenith-tea", "--reason", "From a real process"], {
        env: { ...process.env, LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/zenith-tea\.myshopify\.com: subscription upgrades beta off → on \(audited\)/);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shopB.id } })).subscriptionUpgradesBeta).toBe(true);
  }, 30_000);
});

describe("password hashes (BETA-2)", () => {
  it("BETA-2: scrypt with a per-password salt; verification is exact", async () => {
    const a = await hashPassword("the same password!");
    const b = await hashPassword("the same password!");
    expect(a).not.toBe(b);
    expect(isPasswordHash(a)).toBe(true);
    expect(await verifyPassword("the same password!", a)).toBe(true);
    expect(await verifyPassword("the same password?", a)).toBe(false);
    // Tamper with the first character of the derived key: the last one of a base64url
    // string can carry only padding bits, so changing it may decode to the same bytes.
    const parts = a.split(".");
    parts[5] = (at(parts, 5)[0] === "A" ? "B" : "A") + at(parts, 5).slice(1);
    expect(await verifyPassword("the same password!", parts.join("."))).toBe(false);
    expect(await verifyPassword("x", "plaintext")).toBe(false);
  });

  it("BETA-2: a bad SUPPORT_STAFF entry is named without printing its hash", () => {
    const hash = "scrypt.32768.8.3.AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    expect(() => parseStaffAccounts(`ok@uplift.test:${hash},nope:${hash},x@uplift.test:plain`)).toThrow(StaffConfigError);
    try {
      parseStaffAccounts(`nope:${hash},x@uplift.test:plain`);
    } catch (error) {
      expect((error as Error).message).toMatch(/entry 1/);
      expect((error as Error).message).toMatch(/entry 2 \(x@uplift\.test\)/);
      expect((error as Error).message).not.toContain("plain");
      expect((error as Error).message).not.toContain(hash);
    }
  });
});

afterAll(async () => {
  await prisma.$disconnect();
});
