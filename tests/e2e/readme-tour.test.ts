/**
 * The README's demo tour, step by step, as a newcomer clicks it at 1280×900 on a fresh
 * demo (nothing pre-seeded beyond what `npm run demo` seeds). If a step of the tour stops
 * working, this fails at that step. With UPDATE_README_IMAGES=1 it also refreshes the
 * README's screenshots in docs/images/.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { launchBrowser, screenshot } from "./support/browser";
import { startDemoStack, type DemoStack } from "./support/demo-stack";

let demo: DemoStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  demo = await startDemoStack();
  ({ browser, page } = await launchBrowser());
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The test's own screenshot, and with UPDATE_README_IMAGES=1 the README's copy (viewport, as a reader sees it). */
async function shot(name: string, readmeImage?: string): Promise<void> {
  await screenshot(page, `tour-${name}`);
  if (readmeImage && process.env.UPDATE_README_IMAGES === "1") {
    await page.screenshot({ path: path.resolve("docs/images", `${readmeImage}.png`) });
  }
}

async function placeOrder(scenario: string): Promise<void> {
  await page.goto(`${demo.url}/demo/post-purchase`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: scenario }).click();
  await page.waitForURL(/\/demo\/post-purchase\/\d+$/);
  await page.getByTestId("offer-title").waitFor({ timeout: 20_000 });
}

describe("the README tour on a fresh demo", () => {
  it("step 1: support signs in, finds demo-shop.myshopify.com and enables the upgrades beta with a reason", async () => {
    await page.goto(`${demo.url}/support`, { waitUntil: "networkidle" });
    await page.getByLabel("Staff email").fill("support@uplift.test");
    await page.getByLabel("Password").fill("demo-support");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Search shops").fill("demo-shop");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "demo-shop.myshopify.com" }).click();
    await page.getByLabel("Reason (recorded in the audit log)").fill("README tour");
    await page.getByRole("button", { name: "Enable subscription upgrades" }).click();
    await page.getByText("Subscription upgrades beta turned on for demo-shop.myshopify.com.").waitFor();
    await shot("01-support-beta-on");
  });

  it("step 2: Settings › Subscription Upgrades connects Recharge after a passed test", async () => {
    await page.goto(`${demo.url}/app/settings`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Subscription Upgrades" }).click();
    await page.getByLabel("Subscription provider").selectOption("recharge");
    await page.getByLabel("API token").fill(RECHARGE_SIM_TOKENS.valid);
    await page.getByRole("button", { name: "Test API key" }).click();
    await page.getByText("API key is valid").waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Connected to Recharge").waitFor();
    await shot("02-provider-connected");
  });

  it("step 3: Funnels › Create funnel › Add upsell › Subscription upgrade builds the upgrade (no image needed) and activates it", async () => {
    await page.goto(`${demo.url}/app/funnels`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Create funnel" }).first().click();
    await page.getByRole("heading", { name: "New funnel", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Add upsell" }).click();
    await page.getByRole("menuitem", { name: /Subscription upgrade/ }).click();

    await page.getByRole("heading", { name: "Step 1: Trigger product" }).waitFor();
    await page.getByRole("button", { name: "Choose subscription product" }).click();
    const picker = page.getByRole("dialog");
    await picker.getByRole("textbox", { name: "Search products" }).fill("morning");
    await picker.getByRole("radio", { name: /Morning Roast Coffee/ }).check({ force: true });
    await picker.getByRole("button", { name: "Select" }).click();
    await page.getByText(/Plans: Delivered monthly/).waitFor();
    await picker.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Next" }).click();

    await page.getByRole("heading", { name: "Step 2: Offer product" }).waitFor();
    await page.getByLabel("Title").fill("Every-2-months upgrade");
    await page.getByLabel("One-time upgrade price").fill("4.99");
    await page.getByRole("button", { name: "Create product and continue" }).click();

    await page.getByRole("heading", { name: "Step 3: Configure upgrade" }).waitFor({ timeout: 20_000 });
    const planSelect = page.getByLabel("Recharge selling plan");
    const option = await planSelect.locator("option", { hasText: "Delivered every 2 months" }).getAttribute("value");
    await planSelect.selectOption(option as string);
    await shot("03-wizard-configure", "upgrade-wizard");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Summary" }).waitFor();
    await page.getByRole("button", { name: "Save upgrade" }).click();

    await page.getByRole("heading", { name: "Upgrade: Morning Roast Coffee", level: 1 }).waitFor();
    // The seeded funnels do not shadow it (FUN-3): no "never fires" warning.
    await expect(page.getByText("This funnel never fires").count()).resolves.toBe(0);
    await page.getByLabel("Status").selectOption("active");
    await page.getByRole("region", { name: "Save bar" }).getByRole("button", { name: "Save" }).click();
    await page.getByRole("region", { name: "Save bar" }).waitFor({ state: "detached" });
    // The wizard's "saved" marker left the URL once its toast was shown, so later saves show no stale toast.
    expect(new URL(page.url()).searchParams.has("saved")).toBe(false);
  });

  it("step 4: an order with a Morning Roast subscription shows the upgrade, accepting adds the offer product, and Upgrades shows it succeed", async () => {
    await placeOrder("New order with a Morning Roast subscription");
    await expect(page.getByTestId("offer-title").textContent()).resolves.toBe("Every-2-months upgrade");
    await expect(page.getByTestId("upgrade-headline").textContent()).resolves.toMatch(/^Deliver and bill every 2 months: \$\d+\.\d\d per charge$/);
    await shot("04-upgrade-offer", "post-purchase-offer");
    // RUN-13: the shopper ticks the consent to the new recurring terms, then accepts.
    await page.getByTestId("consent").check();
    await page.getByTestId("accept").click();
    await expect(page.getByTestId("flow-status").textContent()).resolves.toMatch(/Morning Roast Coffee subscription is changing to: deliver and bill every 2 months/);
    await page.getByTestId("order-line").filter({ hasText: "Every-2-months upgrade" }).waitFor();

    await page.goto(`${demo.url}/app/upgrades`, { waitUntil: "networkidle" });
    // Live status: the page follows the worker without a reload.
    const row = page.getByRole("row").filter({ hasText: /Order #\d{4}/ });
    await row.getByText("Succeeded").waitFor({ timeout: 20_000 });
    await expect(row.textContent()).resolves.toMatch(/Morning Roast Coffee: Every 2 months/);
    // IndexTable conventions: the status sits beside the order, on screen at 1280 px without scrolling.
    const badge = await row.getByText("Succeeded").boundingBox();
    expect(badge && badge.x + badge.width).toBeLessThanOrEqual(1280);
    await shot("05-upgrades-list");
  });

  it("step 5: UPS-4's worked example — a $30 order and a $25/month plan at 20 % off: accept $20.00, recurring $25.00, total $50.00", async () => {
    await placeOrder("New one-time order (Milk Frother, $30)");
    // Audit S-4: the button shows Shopify's total once its calculation is in.
    await expect.poll(() => page.getByTestId("accept").textContent(), { timeout: 10_000 }).toContain("$20.00");
    await expect(page.getByTestId("recurring").textContent()).resolves.toContain("$25.00 every month");
    await shot("06-worked-example");
    await page.getByTestId("consent").check();
    await page.getByTestId("accept").click();
    await page.getByTestId("flow-status").waitFor();
    await expect(page.getByTestId("order-total").textContent()).resolves.toBe("$50.00");
  });

  it("step 6: a provider fault from the post-purchase page makes the next upgrade retry, on the demo clock (1 h = 1 s)", async () => {
    await page.goto(`${demo.url}/demo/post-purchase`, { waitUntil: "networkidle" });
    await expect(page.getByTestId("retry-clock").textContent()).resolves.toBe("1 h = 1 s, 24 h = 24 s");
    await page.getByRole("button", { name: "Make the next provider call fail (HTTP 503)" }).click();
    await expect(page.getByTestId("pending-faults").textContent()).resolves.toMatch(/^3 injected provider failures are waiting/);
    await placeOrder("New order with a Morning Roast subscription");
    await page.getByTestId("consent").check();
    await page.getByTestId("accept").click();
    await page.getByTestId("flow-status").waitFor();

    await page.goto(`${demo.url}/app/upgrades`, { waitUntil: "networkidle" });
    await page.getByRole("row").first().waitFor();
    await page.getByRole("row").nth(1).getByRole("link").click();
    await page.getByText("Attempt 1 of 3").waitFor({ timeout: 20_000 });
    await page.getByRole("heading", { name: "Attempt 2", exact: true }).waitFor({ timeout: 20_000 });
    await page.getByText("Succeeded").first().waitFor();
    await shot("07-upgrade-retried", "upgrade-detail");

    await page.goto(`${demo.url}/demo/post-purchase`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Clear provider faults" }).click();
    await expect(page.getByTestId("pending-faults").textContent()).resolves.toBe("No provider fault is waiting.");
  });

  it("the dashboard ticks off what the tour did", async () => {
    await page.goto(`${demo.url}/app`, { waitUntil: "networkidle" });
    await page.getByText("Getting started").waitFor();
    await page.getByText("All done.").waitFor();
    await shot("08-dashboard", "dashboard");
    expect(pageErrors).toEqual([]);
  });
});
