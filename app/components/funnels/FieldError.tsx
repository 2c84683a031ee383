import { InlineError } from "@shopify/polaris";

/** A field's error line, or nothing when the field has no error (an absent key in the errors map). */
export function FieldError({ message, fieldID }: { message: string | undefined; fieldID: string }) {
  return message ? <InlineError message={message} fieldID={fieldID} /> : null;
}
