/**
 * The upgrade log in the demo, end to end: a shopper accepts an upgrade on the local
 * post-purchase page, the demo's worker process changes the subscription in the Recharge
 * simulator, and the merchant watches it on /app/upgrades; a fault injected into the
 * simulator over HTTP fails one, and "Retry now" brings it through (JOB-1, JOB-5).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { screenshot } from "./support/browser";
import { type DemoStack } from "./support/demo-stack";
import { type DemoBrowser, openDemoBrowser, seedMorningRoastUpgrade } from "./support/demo-browser";

let demo: DemoStack;
let session: DemoBrowser;
let page: Page;
let shopId: string;
let rechargeUrl: string;

beforeAll(async () => {
  // The demo child uses this test file's database: seed before it starts.
  shopId = await seedMorningRoastUpgrade(RECHARGE_SIM_TOKENS.valid);
  session = await openDemoBrowser({ UPGRADE_RETRY_SCALE: String(1 / 3600) });
  ({ demo, page } = session);
  rechargeUrl = demo.printedUrl("Recharge simulator");
}, 120_000);

afterAll(() => session?.close());

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
  // RUN-13: an upgrade changes recurring billing, so the shopper consents first.
  await page.getByTestId("consent").check();
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
    const { upgradeId } = await acceptUpgradeOnPage();
    await waitFor(async () => (await statusOf(upgradeId)) === "succeeded");
    // The merchant sees the order's name, as in Shopify admin, never its id.
    const orderName = await waitFor(async () => (await prisma.upgradeJob.findUniqueOrThrow({ where: { id: upgradeId } })).orderName);

    await page.goto(`${demo.url}/app/upgrades`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Subscription upgrades", level: 1 }).waitFor();
    const row = page.getByRole("row").filter({ hasText: `Order ${orderName}` });
    await expect(row.getByText("Succeeded").isVisible()).resolves.toBe(true);
    await expect(row.getByText("Every 2 months").isVisible()).resolves.toBe(true);
    await screenshot(page, "upgrades-01-list");

    await row.getByRole("link").first().click();
    await page.getByRole("heading", { name: `Upgrade for order ${orderName}` }).waitFor();
    // A success does not count down a budget.
    await page.getByRole("heading", { name: "Attempt 1", exact: true }).waitFor();
    expect(await page.getByText("Attempt 1 of 3").count()).toBe(0);
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
    await expect(page.getByText(/Retried now by you on /).isVisible()).resolves.toBe(true);
    expect(await page.getByText("Attempt 1 of 3").count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Attempt 1", exact: true }).count()).toBe(1);
    await screenshot(page, "upgrades-04-retried");
    expect(await prisma.auditLog.count({ where: { shopId, action: "upgrade.retried" } })).toBe(1);
  });
});
