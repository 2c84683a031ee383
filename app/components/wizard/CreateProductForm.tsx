import { useEffect, useState } from "react";
import { BlockStack, DropZone, FormLayout, InlineStack, Text, TextField, Thumbnail } from "@shopify/polaris";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import type { WizardState } from "~/domain/wizard-validation";

interface Props {
  create: WizardState["create"];
  currency: string;
  file: File | null;
  errors: FieldErrors;
  onChange(create: WizardState["create"]): void;
  onFile(file: File | null): void;
}

/** WIZ-2 "Create new": title, one-time price and (optional) image of the placeholder product. */
export function CreateProductForm({ create, currency, file, errors, onChange, onFile }: Props) {
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  return (
    <FormLayout>
      <TextField
        label="Title"
        value={create.title}
        onChange={(title) => onChange({ ...create, title })}
        helpText="Shown in the offer card and on the order, e.g. “Premium upgrade” or “Plan change”."
        error={errors["create.title"]}
        autoComplete="off"
        maxLength={255}
      />
      <TextField
        label="One-time upgrade price"
        value={create.price}
        onChange={(price) => onChange({ ...create, price })}
        prefix={currency}
        inputMode="decimal"
        helpText="Charged once when the shopper accepts. Use 0.00 for a free upgrade; it does not change the subscription's price."
        error={errors["create.price"]}
        autoComplete="off"
      />
      <BlockStack gap="200">
        <DropZone
          label="Image (optional)"
          accept="image/png,image/jpeg,image/gif,image/webp"
          type="image"
          allowMultiple={false}
          error={Boolean(errors["create.image"])}
          onDrop={(_all, accepted) => {
            const image = accepted[0] ?? null;
            onFile(image);
            onChange({ ...create, hasImage: image !== null });
          }}
        >
          {file && preview ? (
            <InlineStack gap="300" blockAlign="center" align="center">
              <Thumbnail source={preview} alt="" size="large" />
              <Text as="span">{file.name}</Text>
            </InlineStack>
          ) : (
            <DropZone.FileUpload actionTitle="Add image" actionHint="PNG, JPEG, GIF or WebP, up to 5 MB" />
          )}
        </DropZone>
        {errors["create.image"] ? <Text as="p" tone="critical">{errors["create.image"]}</Text> : null}
      </BlockStack>
    </FormLayout>
  );
}
