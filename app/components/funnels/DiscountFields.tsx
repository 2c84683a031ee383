import { FormLayout, Select, TextField } from "@shopify/polaris";
import type { EditorDiscount } from "~/domain/funnel-editor-schemas";

interface Props {
  label: string;
  helpText?: string;
  discount: EditorDiscount;
  currency: string;
  error?: string;
  onChange(discount: EditorDiscount): void;
}

/** UPS-3 / WIZ-7: percentage (0 < x ≤ 100) or a fixed amount in the shop currency. */
export function DiscountFields({ label, helpText, discount, currency, error, onChange }: Props) {
  const type = discount.type;
  return (
    <FormLayout.Group condensed>
      <Select
        label={label}
        helpText={helpText}
        options={[
          { label: "No discount", value: "none" },
          { label: "Percentage", value: "percentage" },
          { label: `Fixed amount (${currency})`, value: "fixed_amount" },
        ]}
        value={type}
        onChange={(value) => onChange({ type: value as EditorDiscount["type"], value: value === "none" ? "" : (discount.value ?? "") })}
      />
      {type === "none" ? null : (
        <TextField
          label={type === "percentage" ? "Percentage off" : `Amount off (${currency})`}
          value={discount.value ?? ""}
          onChange={(value) => onChange({ type, value })}
          suffix={type === "percentage" ? "%" : undefined}
          prefix={type === "fixed_amount" ? currency : undefined}
          inputMode="decimal"
          autoComplete="off"
          error={error}
        />
      )}
    </FormLayout.Group>
  );
}
