/**
 * The beta and the provider connection in a real browser, on the demo stack:
 * flag off → no upgrade settings (BETA-1, BETA-3); support staff sign in to the console
 * and enable the beta (BETA-2) → the settings appear; "Test API key" against the Recharge
 * simulator reaches all three states (CONN-2, CONN-3); Save is gated; the token never
 * comes back to the page (CONN-4).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot } from "./support/browser";
import { type DemoStack } from "./support/demo-stack";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { type DemoBrowser, openDemoBrowser, simulatorPort } from "./support/demo-browser";

const STAFF_EMAIL = "support@uplift.test";
const STAFF_PASSWORD = "demo-support";

let demo: DemoStack;
let session: DemoBrowser;
let page: Page;
let rechargeUrl: string;

beforeAll(async () => {
  const recharge = await simulatorPort();
  rechargeUrl = recharge.url;
  session = await openDemoBrowser({ RECHARGE_SIM_PORT: recharge.port });
  ({ demo, page } = session);
}, 120_000);

afterAll(() => session?.close());

async function rechargeFaults(rules: unknown[] | null) {
  const response = await fetch(`${rechargeUrl}/__sim/faults`, {
    method: rules ? "POST" : "DELETE",
    headers: { "Content-Type": "application/json" },
    body: rules ? JSON.stringify({ clear: true, rules }) : undefined,
  });
  expect(response.ok).toBe(true);
}

const saveButton = () => page.getByRole("button", { name: "Save", exact: true });

async function testKey(token: string) {
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Test API key" }).click();
}

describe("subscription upgrades beta and provider connection in the demo", () => {
  it("BETA-1/BETA-3: with the flag off there are no upgrade settings, and the direct URL says the shop is not enabled", async () => {
    await page.goto(`${demo.url}/app/settings`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Subscription Upgrades" }).count()).toBe(0);
    // BETA-1: no settings yet, but the merchant learns upgrades exist and how to ask.
    await page.getByText("They are in beta: email support@uplift.test").waitFor();
    await screenshot(page, "beta-01-settings-flag-off");

    const response = await page.goto(`${demo.url}/app/settings/upgrades`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(403);
    await page.getByText("Subscription upgrades are not enabled for this shop.").waitFor();
    await expect(page.getByText("email support@uplift.test").isVisible()).resolves.toBe(true);
    await screenshot(page, "beta-02-upgrades-not-enabled");
  });

  it("BETA-2: support staff sign in to the console and enable the beta with a reason; the audit log shows it", async () => {
    await page.goto(`${demo.url}/support`, { waitUntil: "networkidle" });
    expect(new URL(page.url()).pathname).toBe("/support/login");
    await page.getByLabel("Staff email").fill(STAFF_EMAIL);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("do not match a support staff account").waitFor();
    await page.getByLabel("Password").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Shops", level: 1 }).waitFor();

    await page.getByLabel("Search shops").fill("demo-shop");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=demo-shop/);
    await screenshot(page, "beta-03-support-shops");
    await page.getByRole("link", { name: "demo-shop.myshopify.com" }).click();
    await page.getByRole("heading", { name: "demo-shop.myshopify.com", level: 1 }).waitFor();

    // The reason is required: an empty one is refused next to the field.
    await page.getByRole("button", { name: "Enable subscription upgrades" }).click();
    await page.getByText("Give a reason").waitFor();
    await page.getByLabel("Reason (recorded in the audit log)").fill("E2E: pilot merchant, ticket #4521");
    await page.getByRole("button", { name: "Enable subscription upgrades" }).click();
    await page.getByText("Subscription upgrades beta turned on for demo-shop.myshopify.com.").waitFor();
    await page.getByRole("button", { name: "Disable subscription upgrades" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "E2E: pilot merchant, ticket #4521" });
    await expect(row.textContent()).resolves.toMatch(/staff:support@uplift\.test.*beta\.subscription_upgrades\.enabled.*false → true/);
    await screenshot(page, "beta-04-support-beta-enabled");

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await page.getByRole("row").filter({ hasText: "E2E: pilot merchant" }).first().waitFor();
    await screenshot(page, "beta-05-support-audit-log");
  });

  it("BETA-1: once enabled, Settings lists Subscription Upgrades and the page opens", async () => {
    await page.goto(`${demo.url}/app/settings`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Subscription Upgrades" }).click();
    await page.getByRole("heading", { name: "Subscription Upgrades", level: 1 }).waitFor();
    // CONN-1: the unsupported apps are listed with the reason.
    for (const name of ["Appstle", "Smartrr", "Shopify selling plans (no subscription app)"]) {
      await expect(page.getByRole("heading", { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await screenshot(page, "beta-06-upgrades-settings");
  });

  it("CONN-2: Test API key reaches red (missing scopes, other store), warning (could not verify) and green; Save is gated", async () => {
    await page.getByLabel("Subscription provider").selectOption("recharge");
    // CONN-3: the help names the scopes to grant and where.
    await page.getByText("Where: Recharge admin").waitFor();
    expect(await saveButton().isDisabled()).toBe(true);

    // Red: a read-only token; the message names each missing scope.
    await testKey(RECHARGE_SIM_TOKENS.readOnly);
    await page.getByText("API key is missing permissions").waitFor();
    for (const scope of ["write_orders", "write_products", "write_subscriptions", "write_discounts"]) {
      await expect(page.getByText(`(${scope})`, { exact: false }).first().isVisible()).resolves.toBe(true);
    }
    expect(await saveButton().isDisabled()).toBe(true);
    await screenshot(page, "beta-07-test-invalid-missing-scopes");

    // Red: another store's token.
    await testKey(RECHARGE_SIM_TOKENS.otherStore);
    await page.getByText("API key belongs to another store").waitFor();
    expect(await saveButton().isDisabled()).toBe(true);
    await screenshot(page, "beta-08-test-invalid-other-store");

    // Warning: Recharge is down; the banner offers a retry.
    await rechargeFaults([{ status: 503 }]);
    await testKey(RECHARGE_SIM_TOKENS.valid);
    await page.getByText("Could not verify the API key").waitFor();
    expect(await saveButton().isDisabled()).toBe(true);
    await screenshot(page, "beta-09-test-could-not-verify");

    // Green: Recharge is back; "Try again" passes and Save unlocks.
    await rechargeFaults(null);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByText("API key is valid").waitFor();
    expect(await saveButton().isDisabled()).toBe(false);
    await screenshot(page, "beta-10-test-valid");

    // Editing the token voids the result, even back to the tested value.
    await page.getByLabel("API token").fill(`${RECHARGE_SIM_TOKENS.valid}x`);
    expect(await saveButton().isDisabled()).toBe(true);
    await page.getByLabel("API token").fill(RECHARGE_SIM_TOKENS.valid);
    expect(await page.getByText("API key is valid").count()).toBe(0);
    expect(await saveButton().isDisabled()).toBe(true);
    // Switching provider voids it too.
    await page.getByRole("button", { name: "Test API key" }).click();
    await page.getByText("API key is valid").waitFor();
    await page.getByLabel("Subscription provider").selectOption("skio");
    expect(await saveButton().isDisabled()).toBe(true);
    await page.getByLabel("Subscription provider").selectOption("recharge");
    expect(await saveButton().isDisabled()).toBe(true);
    // Another provider's token never stays in the field.
    await expect(page.getByLabel("API token").inputValue()).resolves.toBe("");
    await page.getByLabel("API token").fill(RECHARGE_SIM_TOKENS.valid);

    await page.getByRole("button", { name: "Test API key" }).click();
    await page.getByText("API key is valid").waitFor();
    await saveButton().click();
    await page.getByText("Connected to Recharge").waitFor();
    await page.getByText(`••••${RECHARGE_SIM_TOKENS.valid.slice(-4)}`).first().waitFor();
    await screenshot(page, "beta-11-saved-connection");
  });

  it("CONN-4/CONN-6: after a reload the page holds only the masked token, and Re-test works without retyping it", async () => {
    await page.reload({ waitUntil: "networkidle" });
    await page.getByText("Connected to Recharge").waitFor();
    expect(await page.content()).not.toContain(RECHARGE_SIM_TOKENS.valid);
    await page.getByRole("button", { name: "Re-test API key" }).click();
    await page.getByText("API key is valid").waitFor();
    await expect(page.getByText("Verified", { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, "beta-12-retest");
    expect(session.pageErrors).toEqual([]);
  });
});
