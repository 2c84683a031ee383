import { useState } from "react";
import { Form } from "@remix-run/react";
import { Button, Card, InlineStack, Select, TextField } from "@shopify/polaris";
import { STATUS_ORDER, statusLabel } from "./labels";
import type { UpgradeFilterValues } from "./types";

const PROVIDERS = [
  { label: "All providers", value: "" },
  { label: "Recharge", value: "recharge" },
  { label: "Skio", value: "skio" },
  { label: "Loop", value: "loop" },
];
const STATUSES = [{ label: "All statuses", value: "" }, ...STATUS_ORDER.map((s) => ({ label: statusLabel(s), value: s }))];

/** Status, provider and date filters; a plain GET form, so the URL is shareable. */
export function UpgradeFilters({ initial, error }: { initial: UpgradeFilterValues; error?: string | null }) {
  const [values, setValues] = useState(initial);
  const set = (key: keyof UpgradeFilterValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  return (
    <Card>
      <Form method="get">
        <InlineStack gap="300" blockAlign="end" wrap>
          <Select label="Status" name="status" options={STATUSES} value={values.status} onChange={set("status")} />
          <Select label="Provider" name="provider" options={PROVIDERS} value={values.provider} onChange={set("provider")} />
          <TextField label="Accepted from" name="from" type="date" value={values.from} onChange={set("from")} autoComplete="off" />
          <TextField label="to" name="to" type="date" value={values.to} onChange={set("to")} autoComplete="off" error={error ?? undefined} />
          <Button submit>Filter</Button>
          <Button url="/app/upgrades" variant="plain">
            Clear
          </Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
