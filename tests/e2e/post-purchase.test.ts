/**
 * The local post-purchase page in a real browser against the whole demo stack: the app's
 * production build, the store simulator (Shopify-signed tokens, changeset verification,
 * orders/edited webhooks) and the shared flow code the checkout extension runs.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { screenshot } from "./support/browser";
import { type DemoStack } from "./support/demo-stack";
import { type DemoBrowser, openDemoBrowser, seedMorningRoastUpgrade } from "./support/demo-browser";
import { pageDiagnostics } from "./support/diagnostics";

let demo: DemoStack;
let session: DemoBrowser;
let page: Page;
let shopId: string;

// On failure: the page's console and network and the demo's log, to name what stalled.
const diagnostics = pageDiagnostics();
afterEach((context) => diagnostics.reportIfFailed(context, demo));

beforeAll(async () => {
  // The demo child uses this test file's database: seed before it starts.
  shopId = await seedMorningRoastUpgrade("sk_demo_recharge");
  session = await openDemoBrowser();
  ({ demo, page } = session);
  diagnostics.attach(page);
}, 120_000);

afterAll(() => session?.close());

async function placeOrder(scenario: string): Promise<number> {
  await page.goto(`${demo.url}/demo/post-purchase`);
  await page.getByRole("button", { name: scenario }).click();
  await page.waitForURL(/\/demo\/post-purchase\/\d+$/);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function waitFor<T>(check: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out:\n${demo.logs().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("local post-purchase page", () => {
  it("RUN-1/RUN-2/RUN-3: an order with a Morning Roast subscription gets the upgrade offer; accepting adds the offer product and queues the upgrade", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const orderId = await placeOrder("New order with a Morning Roast subscription");

    await expect(page.getByTestId("offer-title").textContent()).resolves.toBe("Upgrade to a double bag every 2 months");
    await expect(page.getByTestId("upgrade-description").textContent()).resolves.toMatch(/changes from .* to every 2 months/);
    await expect(page.getByTestId("order-line").allTextContents()).resolves.toEqual([expect.stringContaining("Morning Roast Coffee")]);
    await page.getByTestId("price-lines").getByText("$15.00").first().waitFor();
    // Audit S-4: the button names Shopify's total once the calculation is in.
    await expect(page.getByTestId("accept").textContent()).resolves.toBe("Pay now · $15.00");
    // RUN-13: the new plan and its terms are shown, and Accept needs the consent box.
    await expect(page.getByTestId("upgrade-terms").textContent()).resolves.toMatch(/renews automatically until you cancel/);
    await screenshot(page, "post-purchase-01-upgrade-offer");

    await page.getByTestId("accept").click();
    await page.getByTestId("notice").getByText("agree to the subscription terms").waitFor();
    await page.getByTestId("consent").check();
    await page.getByTestId("accept").click();
    await page.getByTestId("flow-status").waitFor();
    await page.getByTestId("order-line").filter({ hasText: "Upgrade: Double Bag" }).waitFor();
    await screenshot(page, "post-purchase-02-upgrade-accepted");

    const acceptance = await waitFor(() => prisma.acceptance.findFirst({ where: { shopId, kind: "subscription_upgrade" }, include: { upgradeJob: true, signedChangeset: true } }));
    // The page's confirmation and the simulator's webhook race; whichever comes first records it.
    expect(["client", "webhook"]).toContain(acceptance.signedChangeset?.appliedVia);
    expect(acceptance.upgradeJob).toMatchObject({ provider: "recharge", customerId: "4001" });
    expect(acceptance.consentedTerms).toMatch(/^Your subscription becomes /);
    expect(await prisma.outboxEvent.count({ where: { dedupeKey: `upgrade-${acceptance.id}` } })).toBe(1);
    // The simulator's orders/edited webhook tells the app which order it was (RUN-10).
    const linked = await waitFor(() => prisma.upgradeJob.findFirst({ where: { acceptanceId: acceptance.id, orderId: String(orderId) } }));
    expect(linked.customerName).toBe("Ada Lovelace");
    expect(errors).toEqual([]);
  });

  it("UPS-1: a one-time order sees the Decaf subscription upsell, can switch it to one-time, and after a decline takes the mug downsell", async () => {
    await placeOrder("New one-time order (Ceramic Mug)");
    await expect(page.getByTestId("offer-title").textContent()).resolves.toBe("Add Decaf Roast to your routine");
    await expect(page.getByTestId("recurring").textContent()).resolves.toContain("every month");
    await page.getByTestId("option-select").selectOption("one_time");
    await expect(page.getByTestId("recurring").count()).resolves.toBe(0);
    await page.getByTestId("option-select").selectOption("subscription");
    await page.getByTestId("accept").click();
    // BuyerConsent is required before a subscription is signed.
    await expect(page.getByTestId("notice").textContent()).resolves.toMatch(/agree to the subscription terms/);
    await screenshot(page, "post-purchase-03-consent-required");

    await page.getByTestId("decline").click();
    await page.getByTestId("offer-title").filter({ hasText: "How about a mug to go with it?" }).waitFor();
    await page.getByTestId("accept").click();
    await page.getByTestId("flow-status").waitFor();
    await expect(page.getByTestId("order-line").allTextContents()).resolves.toEqual([expect.stringContaining("Ceramic Mug"), expect.stringMatching(/Ceramic Mug\$16\.20/)]);
    await screenshot(page, "post-purchase-04-downsell-accepted");
  });

  it("RUN-1: the production server answers the extension's cross-origin preflight and refuses a call without a token", async () => {
    const headers = { Origin: "https://checkout.shopify.com", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" };
    const preflight = await fetch(`${demo.url}/api/post-purchase/offer`, {
      method: "OPTIONS",
      headers: { ...headers, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
    const anonymous = await fetch(`${demo.url}/api/post-purchase/offer`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("access-control-allow-origin")).toBe("*");
  });
});
