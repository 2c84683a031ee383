import { json } from "@remix-run/node";
import { checkHealth } from "~/health.server";

// Load balancers call this: 200 when the database and Redis answer, 503 otherwise.
export const loader = async () => {
  const report = await checkHealth();
  return json(report, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
