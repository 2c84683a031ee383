/**
 * The upgrade discount at Recharge, safe to resend after a lost response (issue 13 §3):
 * Recharge holds one discount per address (R1), so the address is read before anything is
 * created and again whenever Recharge refuses the apply. Our own code already there means
 * an earlier attempt landed; another code there means the repeat customer's case — the
 * change landed, the discount cannot — reported as a partial change, never a plain failure.
 */
import { randomBytes } from "node:crypto";
import { describeDiscount, type ProgressTracker } from "../change";
import { ProviderPartialChangeError } from "../errors";
import { errorForStatus, type ProviderHttp, type ProviderResponse } from "../http.server";
import type { Discount } from "../types";
import { rechargeDiscountBody, rechargeErrorMessage } from "./unconfirmed.server";
import { RechargeAddressEnvelope, RechargeDiscountEnvelope, type RechargeAddressDiscount, type RechargeSubscription } from "./wire";

export interface RechargeDiscountArgs {
  http: ProviderHttp;
  subscription: RechargeSubscription;
  discount: Discount;
  progress: ProgressTracker;
  /** What already landed, for the partial-change message ("now every 2 months, variant 2007 × 1"). */
  landed: string;
}

const providerError = (http: ProviderHttp, response: ProviderResponse, action: string) =>
  errorForStatus(http.config, { status: response.status, headers: response.headers, providerMessage: rechargeErrorMessage(response.body), requestId: response.requestId }, action);

export async function applyRechargeDiscount(args: RechargeDiscountArgs): Promise<void> {
  const { http, subscription, discount, progress } = args;
  if (progress.has("discount")) return;
  const addressId = subscription.address_id;

  async function addressDiscount(): Promise<RechargeAddressDiscount | undefined> {
    const action = `read the discounts of address ${addressId}`;
    const response = await http.request({ method: "GET", path: `/addresses/${addressId}`, action });
    return http.parse(RechargeAddressEnvelope, response, action).address.discounts[0];
  }
  const isOurs = (held: RechargeAddressDiscount) => {
    const { discountId, discountCode } = progress.current;
    return (discountId !== undefined && String(held.id) === discountId) || (!!discountCode && held.code?.toLowerCase() === discountCode.toLowerCase());
  };
  const blocked = (held: RechargeAddressDiscount) =>
    new ProviderPartialChangeError({
      provider: "recharge",
      landed: [`subscription ${subscription.id} ${args.landed}`],
      missing: [`${describeDiscount(discount)} on renewals`],
      message:
        `Recharge applied the upgrade to subscription ${subscription.id} (${args.landed}), but could not add the ${describeDiscount(discount)} discount: ` +
        `the shopper's address already has discount ${held.code ?? `#${held.id}`}, and Recharge allows one discount per address. ` +
        `The shopper has paid for the upgrade: in Recharge, open the customer's address and choose which discount to keep` +
        `${progress.current.discountCode ? ` (code ${progress.current.discountCode} was created for this upgrade)` : ""}. Retrying in Uplift will not change this.`,
    });

  // Before creating anything: the repeat customer's address may already hold a discount.
  const held = await addressDiscount();
  if (held && isOurs(held)) return progress.complete("discount");
  if (held) throw blocked(held);

  if (!progress.current.discountId) {
    // The code is recorded before the POST, so a lost answer is recovered by code below.
    const code = progress.current.discountCode ?? discount.code ?? `UPLIFT-${randomBytes(5).toString("hex").toUpperCase()}`;
    if (!progress.current.discountCode) await progress.note({ discountCode: code });
    const action = "create the upgrade discount";
    const body = rechargeDiscountBody(discount, code, subscription.external_product_id.ecommerce);
    const response = await http.request({ method: "POST", path: "/discounts", json: body, action, accept: [422] });
    if (response.status === 422) {
      // "code has already been taken": our earlier attempt created it (or the merchant did): apply it by code.
      if (!/taken/i.test(rechargeErrorMessage(response.body) ?? "")) throw providerError(http, response, action);
    } else {
      const created = http.parse(RechargeDiscountEnvelope, response, action).discount;
      await progress.complete("discount_created", { discountId: String(created.id), discountCode: created.code });
    }
  }

  const action = `apply the discount to address ${addressId}`;
  const { discountId, discountCode } = progress.current;
  // R1: discount_id wins when both are sent; without a known id, apply by code.
  const json = discountId ? { discount_id: Number(discountId) } : { discount_code: discountCode };
  const response = await http.request({ method: "POST", path: `/addresses/${addressId}/apply_discount`, json, action, accept: [422] });
  if (response.status === 422) {
    // A resend after a lost answer meets our own discount; anything else is reported as it is.
    const now = await addressDiscount();
    if (!now) throw providerError(http, response, action);
    if (!isOurs(now)) throw blocked(now);
  }
  await progress.complete("discount");
}
