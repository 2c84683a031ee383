import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertCsrf, destroySupportSession, getSupportSession } from "~/staff/session.server";

// Sign-out is a POST with the CSRF token: a link elsewhere cannot sign staff out.
export const loader = () => redirect("/support");

export const action = async ({ request }: ActionFunctionArgs) => {
  const session = await getSupportSession(request);
  assertCsrf(request, session, await request.formData());
  return redirect("/support/login", { headers: { "Set-Cookie": await destroySupportSession(session) } });
};
