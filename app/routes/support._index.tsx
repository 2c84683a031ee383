import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Link, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireStaff } from "~/staff/session.server";
import { listShopsForSupport } from "~/staff/shops.server";
import { supportHeaders } from "~/staff/headers.server";

export const headers = supportHeaders;

const QuerySchema = z.object({
  q: z.string().trim().max(255).optional().catch(undefined),
  beta: z.enum(["on"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireStaff(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listShopsForSupport({ search: query.q, betaOnly: query.beta === "on", page: query.page });
  return json({ ...result, q: query.q ?? "", betaOnly: query.beta === "on" });
};

export default function SupportShops() {
  const { shops, page, hasNext, q, betaOnly } = useLoaderData<typeof loader>();
  const [search, setSearch] = useState(q);
  const pageUrl = (p: number) => `/support?${new URLSearchParams({ ...(q ? { q } : {}), ...(betaOnly ? { beta: "on" } : {}), page: String(p) })}`;
  return (
    <Page title="Shops">
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <div style={{ flex: 1 }}>
                <TextField label="Search shops" name="q" value={search} onChange={setSearch} autoComplete="off" placeholder="Shop domain or id" />
              </div>
              <label>
                <input type="checkbox" name="beta" value="on" defaultChecked={betaOnly} /> Beta only
              </label>
              <Button submit>Search</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          {shops.length === 0 ? (
            <div style={{ padding: 16 }}>
              <Text as="p" tone="subdued">
                No shops match.
              </Text>
            </div>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Shop", "Subscription upgrades beta", "Provider", "Installed"]}
              rows={shops.map((s) => [
                <Link key={s.id} url={`/support/shops/${s.id}`}>
                  {s.domain}
                </Link>,
                s.upgradesBeta ? <Badge key="b" tone="success">On</Badge> : <Badge key="b">Off</Badge>,
                s.provider ? `${s.provider} · ${s.connectionState}` : "—",
                s.installed ? new Date(s.installedAt).toISOString().slice(0, 10) : "uninstalled",
              ])}
            />
          )}
        </Card>
        <InlineStack gap="200">
          {page > 1 ? <Button url={pageUrl(page - 1)}>Previous</Button> : null}
          {hasNext ? <Button url={pageUrl(page + 1)}>Next</Button> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
