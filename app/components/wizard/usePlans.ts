import { useCallback, useEffect } from "react";
import { useFetcher } from "@remix-run/react";
import type { PlansState, WizardActionResult } from "./types";

/** WIZ-5/6: the provider's selling plans for the trigger product, loaded through the wizard's action. */
export function usePlans(productId: string | null): { plans: PlansState; reload(): void } {
  const fetcher = useFetcher<WizardActionResult>();
  const { submit } = fetcher;
  const reload = useCallback(() => {
    if (productId) submit(JSON.stringify({ intent: "plans", productId }), { method: "post", encType: "application/json" });
  }, [productId, submit]);

  const data = fetcher.data?.intent === "plans" ? fetcher.data : null;
  const current = data && data.productId === productId ? data : null;
  useEffect(() => {
    if (productId && (!current || current.productId !== productId) && fetcher.state === "idle" && !fetcher.data) reload();
  }, [productId, current, fetcher.state, fetcher.data, reload]);
  useEffect(() => {
    // A different trigger product needs its own plans.
    if (productId && data && data.productId !== productId && fetcher.state === "idle") reload();
  }, [productId, data, fetcher.state, reload]);

  return {
    plans: {
      productId,
      plans: current?.ok ? current.plans : null,
      error: current && !current.ok ? current.message : null,
      loading: Boolean(productId) && (fetcher.state !== "idle" || !current),
    },
    reload,
  };
}
