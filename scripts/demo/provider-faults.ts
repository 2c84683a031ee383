/**
 * Provider faults for the demo tour: one click (or one curl line, printed at start)
 * makes the next call to every provider simulator fail with HTTP 503, which the worker
 * treats as transient and retries (JOB-2). The body is the simulators' documented
 * POST /__sim/faults shape (tests/simulators/providers/sim-server.ts).
 */
export const UNAVAILABLE_ONCE = { rules: [{ status: 503, times: 1 }] } as const;

/** The provider simulators' control origins by display name (Recharge, Skio, Loop). */
export type ProviderSimUrls = Record<string, string>;

const controlUrl = (apiUrl: string) => `${new URL(apiUrl).origin}/__sim/faults`;

/** The one-line command that does what the page's button does, for one simulator. */
export function faultCommand(apiUrl: string): string {
  return `curl -X POST ${controlUrl(apiUrl)} -H 'Content-Type: application/json' -d '${JSON.stringify(UNAVAILABLE_ONCE)}'`;
}

export async function setProviderFaults(sims: ProviderSimUrls, action: "fail_next_call" | "clear"): Promise<void> {
  await Promise.all(
    Object.values(sims).map(async (apiUrl) => {
      const response = await fetch(controlUrl(apiUrl), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(action === "clear" ? { clear: true } : UNAVAILABLE_ONCE),
      });
      if (!response.ok) throw new Error(`${controlUrl(apiUrl)} answered HTTP ${response.status}`);
    }),
  );
}

/** How many injected faults are still waiting, summed over the simulators. */
export async function pendingFaults(sims: ProviderSimUrls): Promise<number> {
  const counts = await Promise.all(
    Object.values(sims).map(async (apiUrl) => {
      const response = await fetch(controlUrl(apiUrl));
      const body = (await response.json()) as { rules?: Array<{ times?: number }> };
      return (body.rules ?? []).reduce((sum, rule) => sum + (rule.times ?? 1), 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
