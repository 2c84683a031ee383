import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { listAudit } from "~/audit/audit.server";
import { BetaChangeSchema, setUpgradesBeta, ShopNotFoundError } from "~/shops/beta.server";
import { assertCsrf, requireStaff } from "~/staff/session.server";
import { getShopForSupport } from "~/staff/shops.server";
import { supportHeaders } from "~/staff/headers.server";
import { AuditTable } from "~/components/staff/AuditTable";
import { firstIssue } from "~/domain/zod-issues";
import { ShopUpgradesTable } from "~/components/staff/ShopUpgradesTable";
import { listUpgrades } from "~/upgrades/log.server";

export const headers = supportHeaders;

const ParamsSchema = z.object({ shopId: z.string().min(1).max(64) });
const notFound = () => json({ message: "No shop with this id." }, { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { csrfToken } = await requireStaff(request);
  const parsed = ParamsSchema.safeParse(params);
  const detail = parsed.success ? await getShopForSupport(parsed.data.shopId) : null;
  if (!detail) throw notFound();
  const [{ entries }, upgrades] = await Promise.all([listAudit({ shopId: detail.shop.id, pageSize: 25 }), listUpgrades(detail.shop.id, { page: 1 })]);
  return json({
    csrf: csrfToken,
    shop: {
      id: detail.shop.id,
      domain: detail.shop.domain,
      installedAt: detail.shop.installedAt.toISOString(),
      uninstalledAt: detail.shop.uninstalledAt?.toISOString() ?? null,
      upgradesBeta: detail.shop.subscriptionUpgradesBeta,
    },
    connection: detail.connection,
    funnels: detail.funnels,
    upgradeFunnels: detail.upgradeFunnels,
    audit: entries,
    upgrades: upgrades.rows,
  });
};

const ToggleSchema = z.object({
  intent: z.literal("set-beta"),
  enabled: z.enum(["true", "false"]).transform((v) => v === "true"),
  reason: BetaChangeSchema.shape.reason,
});

// BETA-2: a staff member turns the beta on or off; the reason is required and audited.
export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ ok: false, error: "Method not allowed", field: null, message: null }, { status: 405 });
  const { session, actor } = await requireStaff(request);
  const form = await request.formData();
  assertCsrf(request, session, form);
  const id = ParamsSchema.safeParse(params);
  if (!id.success) throw notFound();
  const parsed = ToggleSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    return json({ ok: false, error: issue.message, field: String(issue.path[0] ?? ""), message: null }, { status: 400 });
  }
  try {
    const result = await setUpgradesBeta({ shopId: id.data.shopId, enabled: parsed.data.enabled, reason: parsed.data.reason, actor });
    const state = result.shop.subscriptionUpgradesBeta ? "on" : "off";
    return json({
      ok: true,
      error: null,
      field: null,
      message: result.changed ? `Subscription upgrades beta turned ${state} for ${result.shop.domain}.` : `The beta was already ${state}; nothing changed.`,
    });
  } catch (error) {
    if (error instanceof ShopNotFoundError) throw notFound();
    throw error;
  }
};

export default function SupportShop() {
  const { csrf, shop, connection, funnels, upgradeFunnels, audit, upgrades } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (result?.ok) setReason("");
  }, [result]);
  const enable = !shop.upgradesBeta;
  return (
    <Page title={shop.domain} backAction={{ content: "Shops", url: "/support" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok && result.message ? (
              <Banner tone="success">
                <p>{result.message}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Subscription upgrades beta
                  </Text>
                  {shop.upgradesBeta ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {shop.upgradesBeta
                    ? "The merchant sees Settings › Subscription Upgrades and can offer upgrades once a provider is connected."
                    : "Subscription upgrades are hidden from this merchant."}
                </Text>
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="intent" value="set-beta" />
                  <input type="hidden" name="enabled" value={String(enable)} />
                  <BlockStack gap="300">
                    <TextField
                      label="Reason (recorded in the audit log)"
                      name="reason"
                      value={reason}
                      onChange={setReason}
                      autoComplete="off"
                      multiline={2}
                      requiredIndicator
                      error={result && !result.ok && result.field === "reason" ? (result.error ?? undefined) : undefined}
                    />
                    {result && !result.ok && result.field !== "reason" ? (
                      <Banner tone="critical">
                        <p>{result.error}</p>
                      </Banner>
                    ) : null}
                    <Box>
                      <Button submit variant="primary" tone={enable ? undefined : "critical"} loading={navigation.state === "submitting"}>
                        {enable ? "Enable subscription upgrades" : "Disable subscription upgrades"}
                      </Button>
                    </Box>
                  </BlockStack>
                </Form>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Shop
              </Text>
              <Text as="p">{`Id: ${shop.id}`}</Text>
              <Text as="p">{shop.uninstalledAt ? `Uninstalled ${shop.uninstalledAt.slice(0, 10)}` : `Installed ${shop.installedAt.slice(0, 10)}`}</Text>
              <Text as="p">{`Funnels: ${funnels} (${upgradeFunnels} with subscription upgrades)`}</Text>
              <Text as="p">
                {connection
                  ? `Provider: ${connection.providerLabel}, token ${connection.tokenMasked}, ${connection.needsRetest ? "needs re-test" : connection.testState}`
                  : "Provider: not connected"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Audit log for this shop
              </Text>
              <AuditTable entries={audit} showShop={false} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Subscription upgrades (newest 50, read-only)
              </Text>
              <ShopUpgradesTable rows={upgrades} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
