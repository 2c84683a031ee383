/**
 * Settings › Integrations › Postscript in a real browser on the demo stack, against the
 * demo's Postscript simulator (PS-1, PS-3): a bad key is refused before anything is
 * saved; a good one is saved and only its tail comes back; "Send test" per event reaches
 * Postscript and shows the result.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot } from "./support/browser";
import { type DemoStack } from "./support/demo-stack";
import { pageDiagnostics } from "./support/diagnostics";
import { POSTSCRIPT_SIM_KEYS } from "../simulators/postscript/server";
import { type DemoBrowser, openDemoBrowser, simulatorPort } from "./support/demo-browser";

let demo: DemoStack;
let session: DemoBrowser;
let page: Page;
let postscriptUrl: string;

// On failure: the page's console and network and the demo's log, to name what stalled.
const diagnostics = pageDiagnostics();
afterEach((context) => diagnostics.reportIfFailed(context, demo));

beforeAll(async () => {
  const postscript = await simulatorPort();
  postscriptUrl = postscript.url;
  session = await openDemoBrowser({ POSTSCRIPT_SIM_PORT: postscript.port });
  ({ demo, page } = session);
  diagnostics.attach(page);
}, 120_000);

afterAll(() => session?.close());

async function simState() {
  const response = await fetch(`${postscriptUrl}/__sim/state`);
  return (await response.json()) as { state: { events: Array<{ type: string; properties: Record<string, unknown> }> } };
}

describe("Postscript settings in the demo", () => {
  it("PS-1: the settings index links to Postscript and the page lists the five events", async () => {
    await page.goto(`${demo.url}/app/settings`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Integrations › Postscript" }).click();
    await page.getByRole("heading", { name: "Postscript", level: 1 }).waitFor();
    for (const label of ["Upgrade offered", "Upgrade accepted", "Subscription upgraded", "Upgrade failed", "Upsell subscription accepted"]) {
      await page.getByText(label, { exact: false }).first().waitFor();
    }
    // Nothing saved yet: "Send test" waits for a key.
    expect(await page.getByRole("button", { name: "Send test: Upgrade accepted" }).isDisabled()).toBe(true);
    await screenshot(page, "postscript-01-empty");
  });

  it("PS-1: a rejected key is not saved; a valid one is checked, saved and shown masked", async () => {
    await page.getByLabel("Store keyword").fill("ROAST");
    await page.getByLabel("Private API key").fill("sk_this_key_is_wrong_0000");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("rejected the private API key").waitFor();
    await screenshot(page, "postscript-02-key-rejected");

    await page.getByLabel("Private API key").fill(POSTSCRIPT_SIM_KEYS.valid);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText(`Saved key ••••${POSTSCRIPT_SIM_KEYS.valid.slice(-4)}`).waitFor();
    expect(await page.content()).not.toContain(POSTSCRIPT_SIM_KEYS.valid);
    await screenshot(page, "postscript-03-saved");
  });

  it("PS-3: 'Send test' for an event reaches Postscript at once and shows the result", async () => {
    await page.getByRole("button", { name: "Send test: Upgrade accepted" }).click();
    await page.getByText("Test event sent").waitFor();
    const { state } = await simState();
    expect(state.events.map((e) => e.type)).toContain("uplift_upgrade_accepted");
    expect(state.events.find((e) => e.type === "uplift_upgrade_accepted")?.properties).toMatchObject({ is_test: true });
    await screenshot(page, "postscript-04-test-sent");
    expect(session.pageErrors).toEqual([]);
  });
});
