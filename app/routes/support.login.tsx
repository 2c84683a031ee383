import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Page, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { attemptStaffLogin } from "~/staff/login.server";
import { clientAddress } from "~/staff/login-rate-limit.server";
import {
  assertCsrf,
  commitSupportSession,
  currentStaff,
  ensureCsrfToken,
  getSupportSession,
  safeNextPath,
  signIn,
} from "~/staff/session.server";
import { supportHeaders } from "~/staff/headers.server";
import { firstIssue } from "~/domain/zod-issues";

export const headers = supportHeaders;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"));
  if (await currentStaff(request)) throw redirect(next);
  // A signed-out session that only holds the login form's CSRF token.
  const session = await getSupportSession(request);
  const csrf = ensureCsrfToken(session);
  return json({ csrf, next }, { headers: { "Set-Cookie": await commitSupportSession(session) } });
};

const LoginSchema = z.object({
  email: z.string().trim().min(1, "Enter your staff email").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
  next: z.string().max(2048).optional(),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const session = await getSupportSession(request);
  const form = await request.formData();
  assertCsrf(request, session, form);
  const parsed = LoginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ error: firstIssue(parsed.error).message }, { status: 400 });

  const result = await attemptStaffLogin({
    email: parsed.data.email,
    password: parsed.data.password,
    client: clientAddress(request),
  });
  if (!result.ok) {
    const headers: HeadersInit = result.status === 429 ? { "Retry-After": String(result.retryAfterS) } : {};
    return json({ error: result.message }, { status: result.status, headers });
  }
  signIn(session, result.account);
  return redirect(safeNextPath(parsed.data.next), { headers: { "Set-Cookie": await commitSupportSession(session) } });
};

export default function SupportLogin() {
  const { csrf, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <Page title="Support sign-in" narrowWidth>
      <Card>
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="next" value={next} />
          <BlockStack gap="400">
            {result?.error ? (
              <Banner tone="critical">
                <p>{result.error}</p>
              </Banner>
            ) : null}
            <TextField label="Staff email" name="email" type="email" autoComplete="username" value={email} onChange={setEmail} />
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
            />
            <Box>
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Sign in
              </Button>
            </Box>
          </BlockStack>
        </Form>
      </Card>
    </Page>
  );
}
