/**
 * Saved upgrade offers a provider cannot carry out (issue 13 §6), for the funnel list's
 * flag and for the settings page's warning before a provider switch (pass the provider
 * the merchant is about to choose). The rule itself is domain/upgrade-provider-fit.ts.
 */
import prisma from "~/db.server";
import { ProviderSchema, type Provider } from "~/domain/funnel-schemas";
import { upgradeProviderProblems, type UpgradeProviderProblem } from "~/domain/upgrade-provider-fit";

export interface UpgradeProviderIssue extends UpgradeProviderProblem {
  funnelId: string;
  funnelName: string;
  offerId: string;
}

/** Every problem of the shop's saved upgrades under `provider`, in funnel order. */
export async function upgradeProviderIssues(shopId: string, provider: Provider | null): Promise<UpgradeProviderIssue[]> {
  if (!provider) return [];
  const rows = await prisma.upgradeConfig.findMany({
    where: { offerItem: { offer: { shopId } } },
    select: {
      provider: true,
      type: true,
      deliveryIntervalCount: true,
      billingIntervalCount: true,
      discountType: true,
      discountCode: true,
      offerItem: { select: { offer: { select: { id: true, funnel: { select: { id: true, name: true } } } } } },
    },
  });
  return rows.flatMap((row) => {
    const upgrade = {
      provider: ProviderSchema.safeParse(row.provider).data ?? null,
      type: row.type as "frequency" | "replacement" | "both",
      deliveryIntervalCount: row.deliveryIntervalCount,
      billingIntervalCount: row.billingIntervalCount,
      discount: { type: row.discountType as "none" | "percentage" | "fixed_amount" },
      discountCode: row.discountCode,
    };
    const { offer } = row.offerItem;
    return upgradeProviderProblems(upgrade, provider).map((problem) => ({ ...problem, funnelId: offer.funnel.id, funnelName: offer.funnel.name, offerId: offer.id }));
  });
}

/** The shop's connected provider, when its token passed its test (what checkout uses). */
export async function verifiedProvider(shopId: string): Promise<Provider | null> {
  const connection = await prisma.providerConnection.findUnique({ where: { shopId }, select: { provider: true, testState: true, verifiedAt: true, needsRetest: true } });
  if (!connection || connection.testState !== "valid" || !connection.verifiedAt || connection.needsRetest) return null;
  return ProviderSchema.safeParse(connection.provider).data ?? null;
}
