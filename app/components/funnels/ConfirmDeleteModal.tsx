import { Modal, Text } from "@shopify/polaris";

interface Props {
  open: boolean;
  names: string[];
  onCancel(): void;
  onConfirm(): void;
}

/** FUN-1: deleting is final (its offers go with it), so it is confirmed by name. */
export function ConfirmDeleteModal({ open, names, onCancel, onConfirm }: Props) {
  const title = names.length === 1 ? `Delete "${names[0]}"?` : `Delete ${names.length} funnels?`;
  return (
    <Modal
      open={open}
      onClose={onCancel}
      title={title}
      primaryAction={{ content: "Delete", destructive: true, onAction: onConfirm }}
      secondaryActions={[{ content: "Cancel", onAction: onCancel }]}
    >
      <Modal.Section>
        <Text as="p">
          {names.length === 1 ? "The funnel and its offers" : `These funnels (${names.join(", ")}) and their offers`} are
          deleted and stop showing right away. Results already recorded stay on the dashboard. This cannot be undone.
        </Text>
      </Modal.Section>
    </Modal>
  );
}
