/**
 * The demo stack in a real browser: the embedded admin authenticates through
 * shopify-app-remix's own token path, renders with Polaris, and navigates client-side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot } from "./support/browser";
import { type DemoStack } from "./support/demo-stack";
import { type DemoBrowser, openDemoBrowser } from "./support/demo-browser";

let demo: DemoStack;
let session: DemoBrowser;
let page: Page;

beforeAll(async () => {
  session = await openDemoBrowser();
  ({ demo, page } = session);
}, 120_000);

afterAll(() => session?.close());

describe("admin shell in the demo", () => {
  it("renders the dashboard and navigates to settings without a full reload", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${demo.url}/app`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Getting started").isVisible()).resolves.toBe(true);
    await screenshot(page, "01-dashboard");

    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    await page.locator("ui-nav-menu").getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    // Still the same document: Remix navigated on the client with a fresh session token.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    await screenshot(page, "02-settings");
    expect(errors).toEqual([]);
  });

  it("answers the health check with the database and Redis up", async () => {
    const response = await fetch(`${demo.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});
