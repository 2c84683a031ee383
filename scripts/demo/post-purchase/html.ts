/** HTML of the local post-purchase pages: an order list with scenarios, and a page shaped like Shopify's. */

interface OrderSummary {
  id: number;
  name: string;
  customerId: number;
  edited: boolean;
  lines: Array<{ title: string; quantity: number; sellingPlanName: string | null }>;
  totals: { total: string };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
  body { margin: 0; font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: #202223; background: #f6f6f7; }
  header { background: #fff; border-bottom: 1px solid #e1e3e5; padding: 16px 32px; display: flex; justify-content: space-between; align-items: center; }
  header strong { font-size: 20px; }
  main { max-width: 1040px; margin: 24px auto; padding: 0 16px; display: grid; grid-template-columns: 1fr 320px; gap: 24px; }
  .card { background: #fff; border: 1px solid #e1e3e5; border-radius: 12px; padding: 24px; }
  .callout { background: #f1f8f5; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; text-align: center; }
  .offer { display: grid; grid-template-columns: 240px 1fr; gap: 24px; }
  .offer img { width: 240px; height: 240px; object-fit: cover; border-radius: 8px; background: #fafbfb; border: 1px solid #e1e3e5; }
  .price { font-size: 22px; font-weight: 600; } .was { text-decoration: line-through; color: #6d7175; margin-right: 8px; }
  .save { color: #008060; } .muted { color: #6d7175; font-size: 13px; }
  .row { display: flex; justify-content: space-between; padding: 4px 0; } .row.total { font-weight: 600; border-top: 1px solid #e1e3e5; margin-top: 6px; padding-top: 8px; }
  label { display: block; margin: 12px 0 4px; font-weight: 500; } select { width: 100%; padding: 8px; border-radius: 6px; border: 1px solid #8c9196; }
  button { width: 100%; padding: 12px; border-radius: 6px; border: 0; font-size: 16px; margin-top: 12px; cursor: pointer; }
  button.primary { background: #1773b0; color: #fff; } button.secondary { background: #fff; color: #1773b0; border: 1px solid #c9cccf; }
  button:disabled { opacity: .6; cursor: progress; }
  .notice { border-radius: 8px; padding: 10px 14px; margin-top: 12px; } .notice.critical { background: #fff4f4; color: #d72c0d; } .notice.warning { background: #fff5ea; color: #8a6116; } .notice.info { background: #ebf9fc; }
  .consent { display: flex; gap: 8px; align-items: flex-start; margin-top: 12px; font-size: 13px; } .consent input { margin-top: 4px; }
  table { width: 100%; border-collapse: collapse; } td { padding: 6px 0; border-bottom: 1px solid #f1f2f3; vertical-align: top; } td.num { text-align: right; white-space: nowrap; }
  a { color: #1773b0; } code { font-size: 12px; word-break: break-all; }
`;

/** The provider-fault card: what is pending, the buttons, and the same thing as commands. */
export interface FaultPanel {
  pending: number;
  commands: Array<{ name: string; command: string }>;
  retryClock: string;
}

function faultCard(faults: FaultPanel): string {
  const action = (value: string, label: string, kind: string) =>
    `<form method=post action="/demo/post-purchase/provider-faults"><input type=hidden name=action value="${value}"><button class=${kind}>${label}</button></form>`;
  return `<div class=card style="margin-top:24px" data-testid=provider-faults><h2>Watch a retry</h2>
<p>Accept an upgrade after pressing the button: the provider answers the next call with HTTP 503, the upgrade shows <em>Retrying</em>, and the worker tries again 1 h later.
Demo retry clock: <strong data-testid=retry-clock>${escape(faults.retryClock)}</strong> (set <code>DEMO_TIME_SCALE</code>; 1 = real time).</p>
<p data-testid=pending-faults>${faults.pending === 0 ? "No provider fault is waiting." : `${faults.pending} injected provider ${faults.pending === 1 ? "failure is" : "failures are"} waiting for the next calls.`}</p>
${action("fail_next_call", "Make the next provider call fail (HTTP 503)", "primary")}${faults.pending > 0 ? action("clear", "Clear provider faults", "secondary") : ""}
<p class=muted>The same from a terminal:</p>${faults.commands.map((c) => `<p class=muted>${escape(c.name)}: <code>${escape(c.command)}</code></p>`).join("")}</div>`;
}

export function orderListPage(orders: OrderSummary[], scenarios: Record<string, { label: string }>, faults: FaultPanel): string {
  const rows = orders
    .map((o) => `<tr><td><a href="/demo/post-purchase/${o.id}">${escape(o.name)}</a>${o.edited ? " <span class=muted>(edited)</span>" : ""}</td>
      <td>${o.lines.map((l) => `${l.quantity} × ${escape(l.title)}${l.sellingPlanName ? ` <span class=muted>(${escape(l.sellingPlanName)})</span>` : ""}`).join("<br>")}</td>
      <td class=num>${escape(o.totals.total)}</td></tr>`)
    .join("");
  const buttons = Object.entries(scenarios)
    .map(([key, s]) => `<form method=post action="/demo/post-purchase/orders"><input type=hidden name=scenario value="${key}"><button class=primary>${escape(s.label)}</button></form>`)
    .join("");
  return `<!doctype html><html lang=en><meta charset=utf-8><title>Post-purchase page (local)</title><style>${STYLE} main { display: block; max-width: 760px; }</style>
<header><strong>Post-purchase page — local simulator</strong><a href="/demo">Demo home</a></header>
<main><div class=card><p>Place an order in the store simulator, then see the post-purchase page Uplift's checkout extension would show. The same flow code and the app's real endpoints run here; the simulator verifies and applies each signed changeset like Shopify.</p>${buttons}</div>
${faultCard(faults)}
<div class=card style="margin-top:24px"><h2>Orders</h2><table>${rows}</table></div></main></html>`;
}

/** `offerBudgetMs`: ShouldRender's time budget for the first offer; the real one (RUN-11) unless the launcher says otherwise. */
export function postPurchasePage(input: { orderId: string; shop: string; offerBudgetMs?: number }): string {
  const budget = input.offerBudgetMs ? ` data-offer-budget-ms="${input.offerBudgetMs}"` : "";
  return `<!doctype html><html lang=en><meta charset=utf-8><title>Thank you for your purchase</title><style>${STYLE}</style>
<header><strong>${escape(input.shop.replace(".myshopify.com", ""))}</strong><span class=muted>Order <span data-testid=order-name></span> is confirmed</span></header>
<main><section class=card id=app data-order-id="${escape(input.orderId)}"${budget} data-testid=post-purchase><p class=muted>Loading…</p></section>
<aside class=card><h3>Order summary</h3><table data-testid=order-lines></table><div class="row total"><span>Total</span><span data-testid=order-total></span></div>
<p class=muted><a href="/demo/post-purchase">All orders</a></p></aside></main>
<script src="/demo/post-purchase/client.js"></script></html>`;
}
