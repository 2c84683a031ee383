import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Page, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { listAudit } from "~/audit/audit.server";
import { requireStaff } from "~/staff/session.server";
import { supportHeaders } from "~/staff/headers.server";
import { AuditTable } from "~/components/staff/AuditTable";

export const headers = supportHeaders;

const QuerySchema = z.object({
  q: z.string().trim().max(255).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireStaff(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { entries, page, hasNext } = await listAudit({ search: query.q, page: query.page });
  return json({ entries, page, hasNext, q: query.q ?? "" });
};

export default function SupportAudit() {
  const { entries, page, hasNext, q } = useLoaderData<typeof loader>();
  const [search, setSearch] = useState(q);
  const pageUrl = (p: number) => `/support/audit?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <Page title="Audit log">
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <div style={{ flex: 1 }}>
                <TextField label="Filter" name="q" value={search} onChange={setSearch} autoComplete="off" placeholder="Shop, staff member, action or reason" />
              </div>
              <Button submit>Filter</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <AuditTable entries={entries} />
        </Card>
        <InlineStack gap="200">
          {page > 1 ? <Button url={pageUrl(page - 1)}>Newer</Button> : null}
          {hasNext ? <Button url={pageUrl(page + 1)}>Older</Button> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
