import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { currentStaff } from "~/staff/session.server";
import { supportHeaders } from "~/staff/headers.server";
import { SupportShell } from "~/components/staff/SupportShell";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Uplift support" }, { name: "robots", content: "noindex, nofollow" }];
export const headers = supportHeaders;

// The support console (BETA-2): its own staff session, never Shopify's. Every child loader
// and action calls requireStaff itself (Remix runs loaders in parallel).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await currentStaff(request);
  return json({ staff: context?.staff.email ?? null, csrf: context?.csrfToken ?? null });
};

export default function SupportLayout() {
  const { staff, csrf } = useLoaderData<typeof loader>();
  return (
    <SupportShell staff={staff} csrf={csrf}>
      <Outlet />
    </SupportShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data?.message === "string"
      ? error.data.message
      : status === 404
        ? "There is nothing here."
        : "Something went wrong. The error has been logged.";
  return (
    <SupportShell staff={null} csrf={null}>
      <Page title={status === 404 ? "Not found" : "Support console"}>
        <Banner tone={status >= 500 ? "critical" : "warning"} title={`Error ${status}`}>
          <p>{message}</p>
          <p>
            <Link to="/support">Back to the support console</Link>
          </p>
        </Banner>
      </Page>
    </SupportShell>
  );
}
