import { Banner, Box, BlockStack } from "@shopify/polaris";
import { useLocation, useNavigate } from "@remix-run/react";
import type { ShopBanner } from "~/shops/banners.server";

export function ShopBanners({ banners: all }: { banners: ShopBanner[] }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // On the page a banner sends the merchant to, that page says it itself: no second copy.
  const banners = all.filter((b) => b.action?.url !== pathname);
  if (banners.length === 0) return null;
  return (
    <Box paddingBlockStart="400" paddingInline="400">
      <BlockStack gap="200">
        {banners.map((b) => (
          <Banner
            key={b.id}
            tone={b.tone}
            title={b.title}
            action={b.action ? { content: b.action.label, onAction: () => navigate(b.action!.url) } : undefined}
          >
            <p>{b.message}</p>
          </Banner>
        ))}
      </BlockStack>
    </Box>
  );
}
