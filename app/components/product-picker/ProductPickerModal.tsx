import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Banner, BlockStack, Box, EmptySearchResult, Icon, Modal, Pagination, Spinner, TextField } from "@shopify/polaris";
import { SearchIcon } from "@shopify/polaris-icons";
import { ProductRow } from "./ProductRow";
import type { PickedProduct, PickerMode, PickerResponse } from "./types";

interface Props {
  open: boolean;
  mode: PickerMode;
  title: string;
  /** Checkboxes instead of radio buttons (the product trigger). */
  multiple?: boolean;
  /** Never listed (WIZ-2: the trigger product in the offer step). */
  excludeIds?: string[];
  /** Shown as already picked, in multiple mode. */
  selectedIds?: string[];
  primaryLabel?: string;
  onClose(): void;
  onSelect(picked: PickedProduct[]): void;
}

const resultKey = (data: PickerResponse) => (data.ok ? data.products.map((p) => p.id).join(",") : "error");

/**
 * Our own product picker on Admin GraphQL (app/routes/app.products.ts): search, cursor
 * pages, selling-plan badges, and products that may not be picked here shown disabled
 * with the reason. App Bridge's picker cannot filter this way (and the demo has none).
 */
export function ProductPickerModal({ open, mode, title, multiple = false, excludeIds = [], selectedIds = [], primaryLabel = "Select", onClose, onSelect }: Props) {
  const fetcher = useFetcher<PickerResponse>();
  const [query, setQuery] = useState("");
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [picked, setPicked] = useState<Map<string, PickedProduct>>(new Map());
  const exclude = excludeIds.join(",");
  const after = cursors[cursors.length - 1];
  const { load } = fetcher;

  useEffect(() => {
    if (!open) return;
    const params = new URLSearchParams({ mode, q: query });
    if (after) params.set("after", after);
    if (exclude) params.set("exclude", exclude);
    // Typing waits a moment; paging and opening load at once.
    const timer = setTimeout(() => load(`/app/products?${params}`), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [open, mode, query, after, exclude, load]);

  useEffect(() => {
    if (open) {
      setPicked(new Map());
      setCursors([null]);
    }
  }, [open]);

  const data = fetcher.data;
  const rows = data?.ok ? data.products : [];
  const already = useMemo(() => new Set(selectedIds), [selectedIds]);
  const toggle = useCallback(
    (choice: PickedProduct, on: boolean) =>
      setPicked((current) => {
        const next = new Map(multiple ? current : []);
        if (on) next.set(choice.product.id, choice);
        else next.delete(choice.product.id);
        return next;
      }),
    [multiple],
  );

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      primaryAction={{ content: primaryLabel, disabled: picked.size === 0, onAction: () => onSelect([...picked.values()]) }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
      // In the footer, the pager never moves when a page of results comes in (no layout shift).
      footer={
        <Pagination
          hasPrevious={cursors.length > 1}
          onPrevious={() => setCursors((c) => c.slice(0, -1))}
          hasNext={Boolean(data?.ok && data.pageInfo.hasNextPage)}
          onNext={() => data?.ok && data.pageInfo.endCursor && setCursors((c) => [...c, data.pageInfo.endCursor])}
        />
      }
    >
      <Modal.Section>
        <TextField
          label="Search products"
          labelHidden
          placeholder="Search products"
          prefix={<Icon source={SearchIcon} />}
          value={query}
          onChange={(value) => {
            setQuery(value);
            setCursors([null]);
          }}
          autoComplete="off"
          clearButton
          onClearButtonClick={() => setQuery("")}
        />
      </Modal.Section>
      <Modal.Section flush>
        {/* A fixed-height list: the dialog keeps its size while results load (no layout shift). */}
        <div style={{ height: "min(480px, 55vh)", overflowY: "auto" }}>
          {data && !data.ok ? (
            <Box padding="400">
              <Banner tone="critical">{data.message}</Banner>
            </Box>
          ) : !data ? (
            <Box padding="800">
              <BlockStack inlineAlign="center">
                <Spinner accessibilityLabel="Loading products" size="large" />
              </BlockStack>
            </Box>
          ) : rows.length === 0 ? (
            <EmptySearchResult title="No products found" description="Try another word from the product's title." withIllustration={false} />
          ) : (
            // A new result set mounts fresh rows instead of moving the old ones around (no layout shift).
            <div key={resultKey(data)} aria-busy={fetcher.state !== "idle"} style={{ opacity: fetcher.state !== "idle" ? 0.6 : 1 }}>
              {rows.map((product) => (
                <ProductRow
                  key={product.id}
                  product={product}
                  multiple={multiple}
                  checked={picked.has(product.id) || already.has(product.id)}
                  alreadyPicked={already.has(product.id)}
                  onToggle={toggle}
                />
              ))}
            </div>
          )}
        </div>
      </Modal.Section>
    </Modal>
  );
}
