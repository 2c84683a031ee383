import { memo } from "react";
import { BlockStack, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import type { EditorDraft, FieldErrors } from "~/domain/funnel-editor-schemas";

interface Props {
  draft: EditorDraft;
  errors: FieldErrors;
  onChange(patch: Partial<Pick<EditorDraft, "name" | "status" | "priority">>): void;
}

export const FunnelDetailsCard = memo(function FunnelDetailsCard({ draft, errors, onChange }: Props) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Funnel
        </Text>
        <FormLayout>
          <TextField
            label="Name"
            value={draft.name ?? ""}
            onChange={(name) => onChange({ name })}
            error={errors.name}
            autoComplete="off"
            helpText="Only you see it."
            maxLength={100}
          />
          <FormLayout.Group>
            <Select
              label="Status"
              options={[
                { label: "Draft", value: "draft" },
                { label: "Active", value: "active" },
                { label: "Inactive", value: "inactive" },
              ]}
              value={draft.status ?? "draft"}
              onChange={(status) => onChange({ status: status as EditorDraft["status"] })}
              error={errors.status}
              helpText="Only active funnels show offers."
            />
            <TextField
              label="Priority"
              type="number"
              value={String(draft.priority)}
              onChange={(priority) => onChange({ priority })}
              error={errors.priority}
              autoComplete="off"
              helpText="When several funnels match an order, the highest number fires (equal numbers: the older funnel). The funnel list shows the same numbers, top first."
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
});
