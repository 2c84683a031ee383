/**
 * npm run bench:admin — Web Vitals of the merchant screens in Chromium against the demo
 * stack (production build, scripts/bench.sh builds it): the funnels list, the funnel
 * editor and the upgrade wizard.
 *
 * - LCP and CLS: PerformanceObserver ("largest-contentful-paint", "layout-shift", CLS as
 *   the largest session window) from navigation start until the page is idle.
 * - INP: Event Timing ("event", durationThreshold 16) over scripted interactions on each
 *   page (clicks and typing); with a handful of interactions INP is the slowest one.
 * Each page is loaded BENCH_RUNS times (default 5; the first with a cold cache); the
 * median and the worst run are reported. The shop holds 25 funnels of 3 offers each.
 * Goal: LCP ≤ 1.0 s, CLS ≤ 0.05, INP ≤ 100 ms (Built for Shopify: 2.5 s / 0.1 / 200 ms).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL = { lcp: 1000, cls: 0.05, inp: 100 };
const SHOP = "demo-shop.myshopify.com";

interface Vitals {
  lcp: number;
  cls: number;
  inp: number;
  /** The slowest interaction: event and target. */
  inpTarget?: string;
}

/** Installed before any page script: collects the three vitals into window.__vitals. */
const OBSERVERS = `(() => {
  const v = { lcp: 0, cls: 0, inp: 0, inpTarget: "" };
  let win = 0, first = 0, last = 0;
  window.__vitals = v;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) v.lcp = e.renderTime || e.loadTime || e.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      if (win && e.startTime - last < 1000 && e.startTime - first < 5000) win += e.value;
      else { win = e.value; first = e.startTime; }
      last = e.startTime;
      v.cls = Math.max(v.cls, win);
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.interactionId || e.duration <= v.inp) continue;
      v.inp = e.duration;
      const t = e.target;
      v.inpTarget = e.name + " on " + (t ? (t.getAttribute("aria-label") || t.textContent || t.nodeName).trim().slice(0, 40) : "?");
    }
  }).observe({ type: "event", buffered: true, durationThreshold: 16 });
})();`;

interface Scenario {
  name: string;
  path: (ids: { funnelId: string }) => string;
  ready: (page: Page) => Promise<void>;
  interact: (page: Page) => Promise<void>;
}

const SCENARIOS: Scenario[] = [
  {
    name: "Funnels list",
    path: () => "/app/funnels",
    ready: (page) => page.getByRole("heading", { name: "Funnels", level: 1 }).waitFor(),
    interact: async (page) => {
      await page.locator("tbody tr").first().getByRole("checkbox").check({ force: true });
      await page.getByRole("button", { name: "Activate", exact: true }).waitFor();
      await page.locator("tbody tr").first().getByRole("checkbox").uncheck({ force: true });
    },
  },
  {
    name: "Funnel editor",
    path: ({ funnelId }) => `/app/funnels/${funnelId}`,
    ready: (page) => page.getByRole("heading", { name: "Preview: Offer 1" }).waitFor(),
    interact: async (page) => {
      await page.getByLabel("Name").click();
      await page.keyboard.type(" plus", { delay: 30 });
      await page.getByRole("region", { name: "Save bar" }).waitFor();
      await page.getByRole("button", { name: "Preview" }).nth(1).click();
      await page.getByRole("button", { name: "Add upsell" }).first().click();
      await page.getByRole("menuitem", { name: /Product upsell/ }).click();
      await page.getByRole("button", { name: "Discard" }).click();
    },
  },
  {
    name: "Upgrade wizard",
    path: ({ funnelId }) => `/app/funnels/${funnelId}/upgrade`,
    ready: (page) => page.getByRole("heading", { name: "Step 1: Trigger product" }).waitFor(),
    interact: async (page) => {
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByText("Choose the subscription product shoppers must have bought").waitFor();
      await page.getByRole("button", { name: "Choose subscription product" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("Morning Roast Coffee").waitFor();
      await dialog.getByRole("textbox", { name: "Search products" }).type("dec", { delay: 40 });
      await dialog.getByRole("radio", { name: /Decaf Roast/ }).check({ force: true });
      await dialog.getByRole("button", { name: "Select" }).click();
      await page.getByText(/Plans: Delivered monthly/).waitFor();
    },
  },
];

async function prepareDatabase(dir: string): Promise<void> {
  const url = `file:${path.join(dir, "bench-admin.sqlite")}`;
  // The app's env check runs in this process too (seeding encrypts the provider token);
  // the demo launcher sets its own key, secret and URL for the server.
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "demo-api-key",
    SHOPIFY_API_SECRET: "demo-api-secret-not-for-production",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6390",
    DATABASE_URL: url,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "a".repeat(64),
    QUEUE_PREFIX: "bench-admin",
    LOG_LEVEL: "warn",
  });
  execFileSync("bash", [path.join(root, "scripts/migrate.sh")], { env: process.env, stdio: "ignore" });
}

/** 25 funnels of 3 offers (upsell, accept upsell, decline downsell) and CONN-5 for the shop. */
async function seed(): Promise<{ funnelId: string }> {
  const { default: prisma } = await import("../../app/db.server");
  const { validateFunnelDraft } = await import("../../app/domain/funnel-editor-validation");
  const { createFunnel } = await import("../../app/funnels/funnels.server");
  const { catalogItem } = await import("../../tests/support/catalog-offers");
  const { enableUpgrades } = await import("../../tests/support/admin-api");
  const { RECHARGE_SIM_TOKENS } = await import("../../tests/simulators/providers/recharge-state");
  await enableUpgrades(SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
  const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
  const item = (variantId: number) => ({ ...(catalogItem(variantId) as Record<string, unknown>), quantity: "1", upgrade: null });
  let funnelId = "";
  for (let n = 0; n < 25; n += 1) {
    const result = validateFunnelDraft(
      {
        name: `Funnel ${n + 1}`,
        status: n % 3 === 0 ? "active" : "draft",
        priority: String(25 - n),
        triggers: { products: [{ id: "gid://shopify/Product/1001", title: "Morning Roast Coffee", imageUrl: null }], subscription: "exclude", showToAll: false },
        offers: [
          { id: "a", kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription", discount: { type: "percentage", value: "20" }, items: [item(2009)] },
          { id: "b", parentId: "a", branch: "accept", kind: "product_upsell", items: [item(2005)] },
          { id: "c", parentId: "a", branch: "decline", kind: "product_upsell", discount: { type: "fixed_amount", value: "5.00" }, items: [item(2006)] },
        ],
      },
      { currency: "USD" },
    );
    if (!result.ok) throw new Error(`seed funnel invalid: ${JSON.stringify(result.fieldErrors)}`);
    funnelId = (await createFunnel(shop.id, result.value)).id;
  }
  await prisma.$disconnect();
  return { funnelId };
}

async function measure(page: Page, base: string, scenario: Scenario, ids: { funnelId: string }): Promise<Vitals> {
  await page.goto(`${base}${scenario.path(ids)}`, { waitUntil: "load" });
  await scenario.ready(page);
  await page.waitForLoadState("networkidle");
  // Interactions start once the page is hydrated and the main thread is idle, as a person's would.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 2000 })));
  const loaded = (await page.evaluate("window.__vitals")) as Vitals;
  await scenario.interact(page);
  await page.waitForTimeout(300);
  const after = (await page.evaluate("window.__vitals")) as Vitals;
  return { lcp: loaded.lcp, cls: Math.max(loaded.cls, after.cls), inp: after.inp, inpTarget: after.inpTarget };
}

// NaN for no samples, so a page that never measured fails its goal instead of passing it.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-bench-admin-"));
  await prepareDatabase(dir);
  const ids = await seed();
  const { startDemoStack } = await import("../../tests/e2e/support/demo-stack");
  const { launchBrowser } = await import("../../tests/e2e/support/browser");
  const demo = await startDemoStack({ DATABASE_URL: process.env.DATABASE_URL as string });
  const { browser, context } = await launchBrowser();
  await context.addInitScript(OBSERVERS);
  const rows: Array<{ page: string; lcp: number[]; cls: number[]; inp: number[]; slowest: string[] }> = [];
  try {
    for (const scenario of SCENARIOS) {
      const row = { page: scenario.name, lcp: [] as number[], cls: [] as number[], inp: [] as number[], slowest: [] as string[] };
      for (let run = 0; run < RUNS; run += 1) {
        const page = await context.newPage();
        const vitals = await measure(page, demo.url, scenario, ids);
        row.lcp.push(vitals.lcp);
        row.cls.push(vitals.cls);
        row.inp.push(vitals.inp);
        row.slowest.push(vitals.inpTarget ?? "");
        await page.close();
      }
      rows.push(row);
    }
  } finally {
    await browser.close();
    await demo.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nAdmin Web Vitals, Chromium headless, ${RUNS} loads per page (median / worst); goal LCP ≤ ${GOAL.lcp} ms, CLS ≤ ${GOAL.cls}, INP ≤ ${GOAL.inp} ms`);
  // Shared machines make these numbers move: say how busy this one was.
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min)\n`);
  console.log("page".padEnd(18) + "LCP ms".padStart(16) + "CLS".padStart(16) + "INP ms".padStart(16) + "  result");
  let pass = true;
  for (const row of rows) {
    const worst = { lcp: Math.max(...row.lcp), cls: Math.max(...row.cls), inp: Math.max(...row.inp) };
    const ok = median(row.lcp) <= GOAL.lcp && worst.cls <= GOAL.cls && median(row.inp) <= GOAL.inp;
    pass &&= ok;
    const cell = (a: number, b: number, digits = 0) => `${a.toFixed(digits)} / ${b.toFixed(digits)}`.padStart(16);
    console.log(row.page.padEnd(18) + cell(median(row.lcp), worst.lcp) + cell(median(row.cls), worst.cls, 3) + cell(median(row.inp), worst.inp) + `  ${ok ? "PASS" : "FAIL"}`);
  }
  console.log(`\n${pass ? "PASS" : "FAIL"}: ${JSON.stringify(rows.map((r) => ({ page: r.page, lcp: r.lcp.map(Math.round), cls: r.cls.map((c) => Number(c.toFixed(4))), inp: r.inp.map(Math.round), slowest: r.slowest })))}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
