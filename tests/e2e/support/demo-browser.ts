/**
 * What every browser test file starts with: the demo stack (a child process reading this
 * file's database) and a Chromium page, with the page's uncaught errors collected, and one
 * close() for both.
 */
import type { Browser, Page } from "playwright-core";
import prisma from "~/db.server";
import { createSeedFunnel } from "../../../scripts/demo/post-purchase/funnel-seed";
import { DEMO_SHOP } from "../../simulators/catalog";
import { enableUpgrades } from "../../support/admin-api";
import { launchBrowser } from "./browser";
import { freePort, startDemoStack, type DemoStack } from "./demo-stack";

export interface DemoBrowser {
  demo: DemoStack;
  browser: Browser;
  page: Page;
  /** Uncaught errors the page threw, for tests that assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openDemoBrowser(env: Record<string, string> = {}): Promise<DemoBrowser> {
  const demo = await startDemoStack(env);
  try {
    const { browser, page } = await launchBrowser();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return {
      demo,
      browser,
      page,
      pageErrors,
      close: async () => {
        await browser.close();
        await demo.stop();
      },
    };
  } catch (error) {
    await demo.stop();
    throw error;
  }
}

/** A port for a simulator the demo should start on (its `*_SIM_PORT`), and its URL. */
export async function simulatorPort(): Promise<{ port: string; url: string }> {
  const port = await freePort();
  return { port: String(port), url: `http://127.0.0.1:${port}` };
}

/**
 * The demo shop with upgrades available (beta on, a saved Recharge connection) and one
 * funnel offering Morning Roast subscribers a double bag every 2 months. Seed before the
 * demo starts: its child process reads this file's database.
 */
export async function seedMorningRoastUpgrade(rechargeToken: string): Promise<string> {
  await enableUpgrades(DEMO_SHOP, "recharge", rechargeToken);
  const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  await createSeedFunnel(prisma, shop.id, {
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
  return shop.id;
}
