import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

/** How often a page showing a queued, running or retrying upgrade re-reads it. */
export const LIVE_REFRESH_MS = 2000;

/**
 * Re-runs the route's loader every LIVE_REFRESH_MS while `live` and the tab is visible,
 * so a status the worker changes shows up without a reload; stops once nothing can change.
 */
export function useLiveRevalidation(live: boolean): void {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") revalidate();
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, revalidate]);
}
