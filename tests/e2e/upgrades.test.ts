/**
 * The upgrade log in the demo, end to end: a shopper accepts an upgrade on the local
 * post-purchase page, the demo's worker process changes the subscription in the Recharge
 * simulator, and the merchant watches it on /app/upgrades; a fault injected into the
 * simulator over HTTP fails one, and "Retry now" brings it through (JOB-1, JOB-5).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { encryptSecret } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { createSeedFunnel } from "../../scripts/demo/post-purchase/funnel-seed";
import { DEMO_SHOP } from "../simulators/catalog";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { launchBrowser, screenshot } from "./support/browser";
import { startDemoStack, type DemoStack } from "./support/demo-stack";

let demo: DemoStack;
let browser: Browser;
let page: Page;
let shopId: string;
let rechargeUrl: string;

beforeAll(async () => {
  // The demo child uses this test file's database: seed before it starts.
  const shop = await prisma.shop.upsert({ where: { domain: DEMO_SHOP }, create: { domain: DEMO_SHOP, subscriptionUpgradesBeta: true }, update: { subscriptionUpgradesBeta: true } });
  shopId = shop.id;
  await prisma.providerConnection.create({
    data: {
      shopId,
      provider: "recharge",
      tokenCiphertext: encryptSecret(RECHARGE_SIM_TOKENS.valid, { context: secretContext.providerToken(shopId) }),
      tokenLast4: RECHARGE_SIM_TOKENS.valid.slice(-4),
      testState: "valid",
      verifiedAt: new Date(),
    },
  });
  await createSeedFunnel(prisma, shopId, {
    name: "Morning Roast upgrade",
    priority: 10,
    triggerProductIds: [1001],
    subscriptionTrigger: "include",
    offers: [
      {
        key: "upgrade",
        kind: "subscription_upgrade",
        headline: "Upgrade to a double bag every 2 months",
        items: [{ variantId: 2007, upgrade: { triggerProductId: 1001, triggerProductTitle: "Morning Roast Coffee", type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }],
      },
    ],
  });
  demo = await startDemoStack({ UPGRADE_RETRY_SCALE: String(1 / 3600) });
  rechargeUrl = /Recharge simulator:\s+(\S+)/.exec(demo.logs())![1];
  ({ browser, page } = await launchBrowser());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function waitFor<T>(check: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out:\n${demo.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const simPost = (path: string, body: unknown) =>
  fetch(`${rechargeUrl}/__sim/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** A Morning Roast subscription order (the demo creates its provider subscription as checkout would), accepted on the post-purchase page. */
async function acceptUpgradeOnPage(): Promise<{ orderId: number; upgradeId: string }> {
  await page.goto(`${demo.url}/demo/post-purchase`);
  await page.getByRole("button", { name: "New order with a Morning Roast subscription" }).click();
  await page.waitForURL(/\/demo\/post-purchase\/\d+$/);
  const orderId = Number(new URL(page.url()).pathname.split("/").pop());
  await page.getByTestId("accept").click();
  await page.getByTestId("flow-status").waitFor();
  const job = await waitFor(() => prisma.upgradeJob.findFirst({ where: { shopId, orderId: String(orderId) } }));
  return { orderId, upgradeId: job.id };
}

const statusOf = (id: string) => prisma.upgradeJob.findUniqueOrThrow({ where: { id } }).then((r) => r.status);

describe("upgrades page in the demo", () => {
  it("JOB-1, JOB-5: an accepted upgrade is applied by the worker and shows as succeeded, with its attempt", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const { orderId, upgradeId } = await acceptUpgradeOnPage();
    await waitFor(async () => (await statusOf(upgradeId)) === "succeeded");

    await page.goto(`${demo.url}/app/upgrades`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Subscription upgrades", level: 1 }).waitFor();
    const row = page.getByRole("row").filter({ hasText: `Order ${orderId}` });
    await expect(row.getByText("Succeeded").isVisible()).resolves.toBe(true);
    await expect(row.getByText("Every 2 months").isVisible()).resolves.toBe(true);
    await screenshot(page, "upgrades-01-list");

    await row.getByRole("link").first().click();
    await page.getByRole("heading", { name: `Upgrade for order ${orderId}` }).waitFor();
    await expect(page.getByText("Attempt 1 of 3").isVisible()).resolves.toBe(true);
    await expect(page.getByText(/Recharge subscription \d+ now every 2 months/).isVisible()).resolves.toBe(true);
    await screenshot(page, "upgrades-02-detail");
    expect(errors).toEqual([]);
  });

  it("JOB-5: a change the provider refuses fails at once; after the fault is cleared, Retry now applies it", async () => {
    // The merchant's provider refuses the next change (an injected fault, over HTTP).
    expect((await simPost("faults", { rules: [{ method: "PUT", status: 422, times: 1, body: { errors: { plan_id: ["Plan not found"] } } }] })).status).toBe(200);
    const { upgradeId } = await acceptUpgradeOnPage();
    await waitFor(async () => (await statusOf(upgradeId)) === "failed");

    await page.goto(`${demo.url}/app/upgrades/${upgradeId}`, { waitUntil: "networkidle" });
    await expect(page.getByText("Your provider refused the change").first().isVisible()).resolves.toBe(true);
    await expect(page.getByText(/Plan not found/).isVisible()).resolves.toBe(true);
    await screenshot(page, "upgrades-03-failed");

    await page.getByRole("button", { name: "Retry now" }).click();
    await waitFor(async () => (await statusOf(upgradeId)) === "succeeded");
    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByText(/Retried by .* with a fresh budget of 3 attempts/).isVisible()).resolves.toBe(true);
    expect(await page.getByText("Attempt 1 of 3").count()).toBe(2);
    await screenshot(page, "upgrades-04-retried");
    expect(await prisma.auditLog.count({ where: { shopId, action: "upgrade.retried" } })).toBe(1);
  });
});
