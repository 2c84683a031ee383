import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Shopify opens the app at "/" with ?shop=…: hand over to the embedded app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "64px auto", lineHeight: 1.5 }}>
      <h1>Uplift</h1>
      <p>
        One-click subscription upgrades and upsells on Shopify&apos;s post-purchase page. Install Uplift from the
        Shopify App Store and open it from your Shopify admin.
      </p>
    </main>
  );
}
