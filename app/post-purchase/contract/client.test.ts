import { describe, expect, it, vi } from "vitest";
import { createPostPurchaseClient, shouldRender } from "./client";

describe("the extension's app URL", () => {
  it.each([[""], ["/"], ["uplift.example.net"]])("audit S-3: an extension built with app URL %j renders nothing and calls no relative path", async (appUrl) => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const client = createPostPurchaseClient({ appUrl, token: "t", referenceId: "r", fetch });

    expect(client.configured).toBe(false);
    expect(await shouldRender(client, { update: () => undefined })).toEqual({ render: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("npm run deploy"));
    errors.mockRestore();
  });

  it("audit S-3: a baked https URL is used as the base of every call", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(JSON.stringify({ offer: null }), { status: 200 }));
    const client = createPostPurchaseClient({ appUrl: "https://uplift.example.net/", token: "t", referenceId: "r", fetch });

    expect(await shouldRender(client, { update: () => undefined })).toEqual({ render: false });
    expect(String(fetch.mock.calls[0]?.[0])).toMatch(/^https:\/\/uplift\.example\.net\/api\//);
  });
});
