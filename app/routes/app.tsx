import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { loadShopBanners } from "~/shops/banners.server";
import { ShopBanners } from "~/components/ShopBanners";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  return json({
    apiKey: process.env.SHOPIFY_API_KEY || "",
    // Only the demo launcher sets this (the App Bridge stand-in); production loads Shopify's.
    appBridgeUrl: process.env.APP_BRIDGE_URL || null,
    banners: await loadShopBanners(shop),
    // BETA-1: the upgrades log is part of the beta and hidden until support enables it.
    upgradesBeta: shop.subscriptionUpgradesBeta,
  });
};

export default function App() {
  const { apiKey, appBridgeUrl, banners, upgradesBeta } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/funnels">Funnels</Link>
        {upgradesBeta ? <Link to="/app/upgrades">Upgrades</Link> : null}
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <ShopBanners banners={banners} />
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
