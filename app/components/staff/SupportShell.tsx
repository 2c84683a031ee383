/**
 * The support console's frame: Polaris without App Bridge (the console is a plain web
 * page, not embedded in Shopify admin), Remix links, a header with sign-out.
 */
import { forwardRef, type ComponentProps, type ReactNode } from "react";
import { Form, Link, NavLink } from "@remix-run/react";
import { AppProvider, Box, Button, InlineStack, Text, type AppProviderProps } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps["linkComponent"]>>;

const RemixPolarisLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(function RemixPolarisLink(
  { url, children, external, ...rest },
  ref,
) {
  if (external || /^https?:/.test(url)) {
    return (
      <a href={url} ref={ref} {...rest} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  }
  return (
    <Link to={url} ref={ref} {...rest}>
      {children}
    </Link>
  );
});

const navStyle = ({ isActive }: { isActive: boolean }) => ({
  color: "inherit",
  fontWeight: isActive ? 650 : 450,
  textDecoration: isActive ? "underline" : "none",
});

export function SupportShell({ staff, csrf, children }: { staff: string | null; csrf: string | null; children: ReactNode }) {
  return (
    <AppProvider i18n={en} linkComponent={RemixPolarisLink}>
      <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" padding="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="500" blockAlign="center">
            <Text as="span" variant="headingMd">
              Uplift support
            </Text>
            {staff ? (
              <nav aria-label="Support console">
                <InlineStack gap="400">
                  <NavLink to="/support" end style={navStyle}>
                    Shops
                  </NavLink>
                  <NavLink to="/support/audit" style={navStyle}>
                    Audit log
                  </NavLink>
                </InlineStack>
              </nav>
            ) : null}
          </InlineStack>
          {staff && csrf ? (
            <Form method="post" action="/support/logout">
              <input type="hidden" name="csrf" value={csrf} />
              <InlineStack gap="300" blockAlign="center">
                <Text as="span" tone="subdued">
                  {staff}
                </Text>
                <Button submit variant="plain">
                  Sign out
                </Button>
              </InlineStack>
            </Form>
          ) : null}
        </InlineStack>
      </Box>
      {children}
    </AppProvider>
  );
}
