/**
 * The Shopify store simulator over real HTTP: Admin GraphQL validated against the published
 * 2026-10 schema, staged uploads, the post-purchase surface with Shopify's changeset rules,
 * and HMAC-signed orders/edited webhooks.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../simulators/catalog";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { at } from "../support/entries";

const TOKEN = "shpat_demo";
const APP_KEY = "sim-test-api-key";
const APP_SECRET = "sim-test-api-secret";
const OTHER_SHOP = "other-shop.myshopify.com";

interface Received { headers: IncomingHttpHeaders; body: string }
/** Response bodies are pinned down by assertions, not by types. */
type Json = ReturnType<typeof JSON.parse>;

let sim: ShopifySimulator;
let receiver: Server;
let receiverStatus = 200;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(receiverStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  sim = await startShopifySimulator({
    shops: [
      { domain: DEMO_SHOP, accessToken: TOKEN, name: "Demo Shop", id: 60_001 },
      { domain: OTHER_SHOP, accessToken: "shpat_other", name: "Other Shop", id: 60_002, catalog: "empty" },
    ],
    webhookTarget: { url: `http://127.0.0.1:${port}/webhooks`, secret: APP_SECRET },
  });
});

afterAll(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

beforeEach(async () => {
  await post("/__sim/reset", {});
  await post("/__sim/webhooks", { mode: "deliver" });
  received.length = 0;
  receiverStatus = 200;
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${sim.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Json };
}

async function admin(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  return post("/admin/api/2026-10/graphql.json", { query, variables }, { "X-Shopify-Access-Token": TOKEN, "X-Simulated-Shop": DEMO_SHOP, ...headers });
}

async function waitFor<T>(check: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Admin GraphQL", () => {
  it("resolves the shop and seeded products in the real schema's shapes", async () => {
    const { status, body } = await admin(`#graphql
      query Catalog {
        shop { id name currencyCode myshopifyDomain }
        products(first: 20) {
          nodes {
            id legacyResourceId title handle status onlineStoreUrl requiresSellingPlan hasVariantsThatRequiresComponents totalInventory
            featuredMedia { ... on MediaImage { image { url } } }
            priceRangeV2 { minVariantPrice { amount currencyCode } }
            variants(first: 5) { nodes { id legacyResourceId title price sku requiresComponents inventoryQuantity } }
            sellingPlanGroups(first: 5) { nodes { id name sellingPlans(first: 5) { nodes {
              id name
              billingPolicy { ... on SellingPlanRecurringBillingPolicy { interval intervalCount } }
              deliveryPolicy { ... on SellingPlanRecurringDeliveryPolicy { interval intervalCount } }
              pricingPolicies { ... on SellingPlanFixedPricingPolicy { adjustmentType adjustmentValue { ... on SellingPlanPricingPolicyPercentageValue { percentage } } } }
            } } } }
          }
        }
      }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.shop).toEqual({ id: "gid://shopify/Shop/60001", name: "Demo Shop", currencyCode: "USD", myshopifyDomain: DEMO_SHOP });
    const byHandle = Object.fromEntries(body.data.products.nodes.map((p: Json) => [p.handle, p]));
    const roast = byHandle["morning-roast"];
    expect(roast).toMatchObject({ id: "gid://shopify/Product/1001", legacyResourceId: "1001", status: "ACTIVE", onlineStoreUrl: `https://${DEMO_SHOP}/products/morning-roast`, totalInventory: 700 });
    expect(roast.variants.nodes[1]).toEqual({ id: "gid://shopify/ProductVariant/2002", legacyResourceId: "2002", title: "2 lb", price: "36.00", sku: "MR-32", requiresComponents: false, inventoryQuantity: 200 });
    expect(roast.priceRangeV2.minVariantPrice).toEqual({ amount: "20.0", currencyCode: "USD" });
    expect(roast.sellingPlanGroups.nodes[0].sellingPlans.nodes[2]).toEqual({
      id: "gid://shopify/SellingPlan/3003", name: "Prepaid 6 months, delivered monthly",
      billingPolicy: { interval: "MONTH", intervalCount: 6 }, deliveryPolicy: { interval: "MONTH", intervalCount: 1 },
      pricingPolicies: [{ adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 15 } }],
    });
    expect(byHandle["coffee-club-box"].requiresSellingPlan).toBe(true);
    expect(byHandle["barista-bundle"].hasVariantsThatRequiresComponents).toBe(true);
    expect(byHandle["upgrade-double-bag"].onlineStoreUrl).toBeNull();
    const image = await fetch(roast.featuredMedia.image.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("answers 401 with Shopify's body without a token, with a wrong one, and with another shop's", async () => {
    const expected = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    for (const token of [undefined, "shpat_wrong", "shpat_other"]) {
      const headers: Record<string, string> = { "Content-Type": "application/json", "X-Simulated-Shop": DEMO_SHOP };
      if (token) headers["X-Shopify-Access-Token"] = token;
      const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, { method: "POST", headers, body: JSON.stringify({ query: "{ shop { name } }" }) });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(expected);
    }
  });

  it("picks the shop from X-Simulated-Shop, a /__shop/ path or the Host header, and 404s an unknown shop", async () => {
    const query = JSON.stringify({ query: "{ shop { myshopifyDomain } }" });
    const call = (path: string, headers: Record<string, string>) =>
      fetch(`${sim.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: query });
    const viaHeader = await call("/admin/api/2026-10/graphql.json", { "X-Shopify-Access-Token": "shpat_other", "X-Simulated-Shop": `https://${OTHER_SHOP}` });
    expect((await viaHeader.json()).data.shop.myshopifyDomain).toBe(OTHER_SHOP);
    const viaPath = await call(`/__shop/${OTHER_SHOP}/admin/api/2026-10/graphql.json`, { "X-Shopify-Access-Token": "shpat_other" });
    expect((await viaPath.json()).data.shop.myshopifyDomain).toBe(OTHER_SHOP);
    // undici will not let a caller set Host, so send the raw request.
    const { request } = await import("node:http");
    const viaHost = await new Promise<string>((resolve, reject) => {
      const req = request(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST", headers: { Host: DEMO_SHOP, "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      }, (res) => { let data = ""; res.on("data", (c) => (data += c)); res.on("end", () => resolve(data)); });
      req.on("error", reject);
      req.end(query);
    });
    expect(JSON.parse(viaHost).data.shop.myshopifyDomain).toBe(DEMO_SHOP);
    const unknown = await call("/admin/api/2026-10/graphql.json", { "X-Shopify-Access-Token": TOKEN, "X-Simulated-Shop": "nope.myshopify.com" });
    expect(unknown.status).toBe(404);
  });

  it("rejects an unknown field, a wrong argument and a deprecated field with HTTP 200 and GRAPHQL_VALIDATION_FAILED", async () => {
    const cases = [
      ["{ products(first: 1) { nodes { titel } } }", /Cannot query field "titel" on type "Product"/],
      ["mutation { productCreate(product: { title: \"x\", bogus: 1 }) { product { id } } }", /Field "bogus" is not defined by type "ProductCreateInput"/],
      ["{ products(first: 1) { nodes { featuredImage { url } } } }", /Product\.featuredImage is deprecated/],
      ["mutation { productCreate(input: { title: \"x\" }) { product { id } } }", /argument "input".*deprecated/i],
    ] as const;
    for (const [query, message] of cases) {
      const { status, body } = await admin(query);
      expect(status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(message);
      expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors[0].locations[0]).toEqual({ line: 1, column: expect.any(Number) });
    }
    const syntax = await admin("{ products(first: 1) { nodes { id }");
    expect(syntax.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("resolves deprecated image fields only when told to allow deprecated fields", async () => {
    sim.state.allowDeprecated = true;
    try {
      const { body } = await admin(`{ product(id: "gid://shopify/Product/1004") { featuredImage { url } images(first: 1) { nodes { url } } } }`);
      expect(body.data.product.featuredImage.url).toBe(`${sim.url}/demo-images/mug.svg`);
      expect(body.data.product.images.nodes).toEqual([{ url: `${sim.url}/demo-images/mug.svg` }]);
    } finally {
      sim.state.allowDeprecated = false;
    }
  });

  it("reports a non-null field it cannot resolve as a GraphQL error, not a crash", async () => {
    const { status, body } = await admin(`{ product(id: "gid://shopify/Product/1001") { title translations(locale: "fr") { key } } }`);
    expect(status).toBe(200);
    expect(body.errors[0].message).toMatch(/Cannot return null for non-nullable field Product\.translations/);
    expect(body.extensions.simulator.unimplementedFields).toContain("Product.translations");
  });

  it("paginates products forwards and backwards with opaque cursors", async () => {
    const page = `query Page($first: Int, $after: String, $last: Int, $before: String) {
      products(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { legacyResourceId } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let lastPageStart: string | null = null;
    let pages = 0;
    for (;;) {
      const { body } = await admin(page, { first: 3, after });
      const connection = body.data.products;
      seen.push(...connection.edges.map((e: Json) => e.node.legacyResourceId));
      expect(connection.pageInfo.hasPreviousPage).toBe(pages > 0);
      pages += 1;
      lastPageStart = connection.pageInfo.startCursor;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(["1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009"]);
    const { body: back } = await admin(page, { last: 2, before: lastPageStart });
    expect(back.data.products.edges.map((e: Json) => e.node.legacyResourceId)).toEqual(["1005", "1006"]);
    const { body: neither } = await admin(page, {});
    expect(neither.errors[0].message).toMatch(/first or last/);
  });

  it("filters products with title wildcards, plain text, status and negation", async () => {
    const titles = async (query: string) => {
      const { body } = await admin(`query($q: String) { products(first: 50, query: $q) { nodes { title } } }`, { q: query });
      return body.data.products.nodes.map((p: Json) => p.title);
    };
    expect(await titles("title:*roast*")).toEqual(["Morning Roast Coffee", "Decaf Roast"]);
    expect(await titles("mug")).toEqual(["Ceramic Mug"]);
    expect(await titles("status:draft")).toEqual(["Burr Grinder (draft)"]);
    expect(await titles("status:active -title:*roast*")).toHaveLength(6);
    expect(await titles("title:*frother* OR sku:MUG")).toEqual(["Ceramic Mug", "Milk Frother"]);
  });

  it("productCreate makes an ACTIVE product that is not on the Online Store, with one default variant priced by productVariantsBulkUpdate", async () => {
    const { body } = await admin(`mutation Create($product: ProductCreateInput!) {
      productCreate(product: $product) {
        product { id status onlineStoreUrl variants(first: 5) { nodes { id title price } } }
        userErrors { field message }
      } }`, { product: { title: "Upgrade: Triple Bag", status: "ACTIVE" } });
    expect(body.data.productCreate.userErrors).toEqual([]);
    const product = body.data.productCreate.product;
    expect(product).toMatchObject({ status: "ACTIVE", onlineStoreUrl: null });
    expect(product.variants.nodes).toHaveLength(1);
    expect(product.variants.nodes[0].title).toBe("Default Title");

    const update = await admin(`mutation Price($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants) {
        productVariants { id price } userErrors { field message code }
      } }`, { productId: product.id, variants: [{ id: product.variants.nodes[0].id, price: "12.50" }] });
    expect(update.body.data.productVariantsBulkUpdate).toEqual({ productVariants: [{ id: product.variants.nodes[0].id, price: "12.50" }], userErrors: [] });

    const search = await admin(`{ products(first: 5, query: "title:*triple*") { nodes { title status onlineStoreUrl variants(first: 1) { nodes { price } } } } }`);
    expect(search.body.data.products.nodes).toEqual([{ title: "Upgrade: Triple Bag", status: "ACTIVE", onlineStoreUrl: null, variants: { nodes: [{ price: "12.50" }] } }]);

    const blank = await admin(`mutation { productCreate(product: { title: "  " }) { product { id } userErrors { field message } } }`);
    expect(blank.body.data.productCreate).toEqual({ product: null, userErrors: [{ field: ["title"], message: "Title can't be blank" }] });
  });

  it("stages an upload on itself, takes the multipart POST, serves the resource back and uses it as product media", async () => {
    const { body } = await admin(`mutation Stage($input: [StagedUploadInput!]!) {
      stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
    { input: [{ filename: "offer.png", mimeType: "image/png", resource: "IMAGE", httpMethod: "POST" }] });
    const [target] = body.data.stagedUploadsCreate.stagedTargets;
    expect(target.url.startsWith(sim.url)).toBe(true);
    expect((await fetch(target.resourceUrl)).status).toBe(404);

    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const form = new FormData();
    for (const { name, value } of target.parameters) form.append(name, value);
    form.append("file", new Blob([bytes], { type: "image/png" }), "offer.png");
    const upload = await fetch(target.url, { method: "POST", body: form });
    expect(upload.status).toBe(201);

    const served = await fetch(target.resourceUrl);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const tampered = new FormData();
    for (const { name, value } of target.parameters) tampered.append(name, name === "x-sim-signature" ? "forged" : value);
    tampered.append("file", new Blob([bytes]), "offer.png");
    expect((await fetch(target.url, { method: "POST", body: tampered })).status).toBe(403);

    const created = await admin(`mutation Create($product: ProductCreateInput!, $media: [CreateMediaInput!]) {
      productCreate(product: $product, media: $media) { product { featuredMedia { status ... on MediaImage { image { url } } } } userErrors { message } } }`,
    { product: { title: "With image" }, media: [{ originalSource: target.resourceUrl, mediaContentType: "IMAGE", alt: "Offer" }] });
    expect(created.body.data.productCreate.product.featuredMedia).toEqual({ status: "READY", image: { url: target.resourceUrl } });
  });

  it("resolves productVariant(id) and productVariants(query) with the variant's product and plans", async () => {
    const { body } = await admin(`{
      productVariant(id: "gid://shopify/ProductVariant/2009") { title price product { title requiresSellingPlan } sellingPlanGroups(first: 1) { nodes { name } } }
      productVariants(first: 5, query: "sku:MUG") { nodes { legacyResourceId displayName } }
      missing: productVariant(id: "gid://shopify/ProductVariant/999") { id }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      productVariant: { title: "12 oz", price: "22.00", product: { title: "Decaf Roast", requiresSellingPlan: false }, sellingPlanGroups: { nodes: [{ name: "Decaf subscription" }] } },
      productVariants: { nodes: [{ legacyResourceId: "2005", displayName: "Ceramic Mug - Default Title" }] },
      missing: null,
    });
  });

  it("resolves order(id) with line items, selling plans and the customer", async () => {
    const { body } = await admin(`{ order(id: "gid://shopify/Order/5001") {
      name legacyResourceId totalPriceSet { shopMoney { amount currencyCode } }
      customer { id firstName defaultEmailAddress { emailAddress } }
      lineItems(first: 10) { nodes { id quantity variant { legacyResourceId } sellingPlan { sellingPlanId name } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toEqual({
      name: "#1001", legacyResourceId: "5001", totalPriceSet: { shopMoney: { amount: "36.0", currencyCode: "USD" } },
      customer: { id: "gid://shopify/Customer/4001", firstName: "Ada", defaultEmailAddress: { emailAddress: "ada@example.com" } },
      lineItems: { nodes: [
        { id: "gid://shopify/LineItem/50011", quantity: 1, variant: { legacyResourceId: "2001" }, sellingPlan: { sellingPlanId: "gid://shopify/SellingPlan/3001", name: "Delivered monthly" } },
        { id: "gid://shopify/LineItem/50012", quantity: 1, variant: { legacyResourceId: "2005" }, sellingPlan: null },
      ] },
    });
  });
});

describe("post-purchase", () => {
  const key = new TextEncoder().encode(APP_SECRET);

  async function checkout(orderId: number) {
    const { status, body } = await post("/__sim/post-purchase/input-token", { orderId, appApiKey: APP_KEY, appSecret: APP_SECRET });
    expect(status).toBe(200);
    return body as { token: string; referenceId: string; inputData: Json };
  }

  function sign(claims: Record<string, unknown>, options: { iss?: string; sub: string; jti?: string | null; iat?: number; secret?: string }) {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(options.iss ?? APP_KEY).setSubject(options.sub).setIssuedAt(options.iat);
    if (options.jti !== null) jwt = jwt.setJti(options.jti ?? randomUUID());
    return jwt.sign(options.secret ? new TextEncoder().encode(options.secret) : key);
  }

  const mug = [{ type: "add_variant", variantId: 2005, quantity: 1, discount: { value: 10, valueType: "percentage", title: "10% off" } }];
  const decafSubscription = [{
    type: "add_subscription", variantId: 2009, sellingPlanId: 3005, quantity: 1,
    initialShippingPrice: 0, recurringShippingPrice: 0, shippingOption: { title: "Free" },
  }];
  const order = async (id: number) => (await fetch(`${sim.url}/__sim/orders/${id}`)).json() as Promise<Json>;

  it("issues an input token signed with the app secret whose input_data carries numeric ids", async () => {
    const { token, referenceId, inputData } = await checkout(5001);
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: "shopify", subject: referenceId });
    expect(typeof payload.iat).toBe("number");
    const data = payload.input_data as Json;
    expect(data.shop).toEqual({ id: 60_001, domain: DEMO_SHOP });
    expect(data.initialPurchase).toMatchObject({ referenceId, customerId: "4001", totalPriceSet: { shopMoney: { amount: "36.00", currencyCode: "USD" } } });
    expect(data.initialPurchase.lineItems[0]).toEqual({
      product: { id: 1001, title: "Morning Roast Coffee", variant: { id: 2001, title: "12 oz" } },
      quantity: 1, totalPriceSet: { shopMoney: { amount: "18.00", currencyCode: "USD" }, presentmentMoney: { amount: "18.00", currencyCode: "USD" } }, sellingPlanId: 3001,
    });
    expect(inputData.token).toBe(token);
    expect(inputData.initialPurchase.lineItems[1].sellingPlanId).toBeUndefined();
    await expect(jwtVerify(token, new TextEncoder().encode("another-secret"))).rejects.toThrow();
  });

  it("calculates price lines for unsigned changes without changing the order", async () => {
    const { referenceId } = await checkout(5002);
    const { body } = await post("/__sim/post-purchase/calculate", { referenceId, changes: mug });
    expect(body.status).toBe("processed");
    expect(body.calculatedPurchase.updatedLineItems).toEqual([{
      priceSet: { shopMoney: { amount: "18.00", currencyCode: "USD" }, presentmentMoney: { amount: "18.00", currencyCode: "USD" } },
      totalPriceSet: { shopMoney: { amount: "16.20", currencyCode: "USD" }, presentmentMoney: { amount: "16.20", currencyCode: "USD" } },
      productId: 1004, variantId: 2005, productHandle: "ceramic-mug", quantity: 1,
    }]);
    expect(body.calculatedPurchase.totalOutstandingSet.shopMoney.amount).toBe("16.20");
    expect(body.calculatedPurchase.totalPriceSet.shopMoney.amount).toBe("34.20");
    expect((await order(5002)).lines).toHaveLength(1);
  });

  it("applies a correctly signed changeset, updates the order and delivers an HMAC-signed orders/edited webhook", async () => {
    const { referenceId } = await checkout(5002);
    const jti = randomUUID();
    const { body } = await post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId, jti }) });
    expect(body).toEqual({ status: "processed", errors: [], changesetApplicationsRemaining: 2 });

    const after = await order(5002);
    expect(after.edited).toBe(true);
    expect(after.lines[1]).toMatchObject({ variantId: 2005, quantity: 1, unitPrice: "16.20", sellingPlanId: null });
    expect(after.totals.total).toBe("34.20");

    const hook = await waitFor(() => received[0]);
    const expectedHmac = createHmac("sha256", APP_SECRET).update(hook.body, "utf8").digest("base64");
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(expectedHmac);
    expect(hook.headers).toMatchObject({
      "x-shopify-topic": "orders/edited", "x-shopify-shop-domain": DEMO_SHOP, "x-shopify-api-version": "2026-10", "x-shopify-order-id": "5002",
    });
    for (const name of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at"]) expect(hook.headers[name]).toBeTruthy();
    const payload = JSON.parse(hook.body);
    expect(payload.order_edit).toMatchObject({ order_id: 5002, notify_customer: false, line_items: { additions: [{ id: after.lines[1].id, delta: 1 }], removals: [] } });
    // Shopify never echoes the changeset's jti; the app matches on order and added variants.
    expect(hook.body).not.toContain(jti);
    const { body: gql } = await admin(`query($id: ID!) { order(id: $id) { lineItems(first: 10) { nodes { id variant { legacyResourceId } } } } }`, { id: "gid://shopify/Order/5002" });
    expect(gql.data.order.lineItems.nodes[1]).toEqual({ id: `gid://shopify/LineItem/${after.lines[1].id}`, variant: { legacyResourceId: "2005" } });
    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as Json;
    expect(state.shops[0].changesets[0]).toMatchObject({ jti, orderId: 5002, addedVariantIds: [2005] });
    expect(JSON.stringify(state)).not.toContain(APP_SECRET);
  });

  it.each([
    ["a bad signature", { secret: "not-the-app-secret" }],
    ["the wrong iss", { iss: "some-other-app" }],
    ["the wrong sub", { sub: "another-reference" }],
    ["iat in milliseconds", { iat: Date.now() }],
    ["iat before the purchase", { iat: Math.floor(Date.now() / 1000) - 3600 }],
    ["no jti", { jti: null }],
  ] as const)("refuses a changeset with %s as invalid_request and leaves the order alone", async (_name, override) => {
    const { referenceId } = await checkout(5002);
    const token = await sign({ changes: mug }, { sub: referenceId, ...override });
    const { body } = await post("/__sim/post-purchase/apply", { referenceId, token });
    expect(body.status).toBe("unprocessed");
    expect(body.errors[0].code).toBe("invalid_request");
    expect((await order(5002)).lines).toHaveLength(1);
    await sim.state.webhooks.idle();
    expect(received).toHaveLength(0);
  });

  it("answers changeset_already_applied to a replayed jti and changes the order once", async () => {
    const { referenceId } = await checkout(5002);
    const jti = randomUUID();
    const first = await post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId, jti }) });
    expect(first.body.status).toBe("processed");
    const replay = await post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId, jti }) });
    expect(replay.body).toMatchObject({ status: "unprocessed", errors: [{ code: "changeset_already_applied" }] });
    expect((await order(5002)).lines).toHaveLength(2);
  });

  it("audit S-10: requires buyer consent for add_subscription; the refused token's jti is burned (stricter reading), a new one applies", async () => {
    const { referenceId } = await checkout(5002);
    const token = await sign({ changes: decafSubscription }, { sub: referenceId });
    const refused = await post("/__sim/post-purchase/apply", { referenceId, token });
    expect(refused.body).toMatchObject({ status: "unprocessed", errors: [{ code: "buyer_consent_required" }] });
    const reused = await post("/__sim/post-purchase/apply", { referenceId, token, buyerConsentToSubscriptions: true });
    expect(reused.body).toMatchObject({ status: "unprocessed", errors: [{ code: "changeset_already_applied" }] });
    expect((await order(5002)).lines).toHaveLength(1);
    const fresh = await sign({ changes: decafSubscription }, { sub: referenceId });
    const accepted = await post("/__sim/post-purchase/apply", { referenceId, token: fresh, buyerConsentToSubscriptions: true });
    expect(accepted.body.status).toBe("processed");
    expect((await order(5002)).lines[1]).toMatchObject({ variantId: 2009, sellingPlanId: 3005, unitPrice: "19.80" });
  });

  it("audit S-8: refuses a tracked variant out of stock; adds an untracked one, with the line's shipping flag from the variant", async () => {
    const mugVariant = sim.state.shop(DEMO_SHOP).products.flatMap((p) => p.variants).find((v) => v.id === 2005)!;
    mugVariant.inventoryQuantity = 0;
    const { referenceId } = await checkout(5002);
    const refused = await post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId }) });
    expect(refused.body).toMatchObject({ status: "unprocessed", errors: [{ code: "insufficient_inventory" }] });

    Object.assign(mugVariant, { tracked: false, requiresShipping: false });
    const added = await post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId }) });
    expect(added.body.status).toBe("processed");
    const lines = (await order(5002)).lines as Json[];
    expect(lines.map((l) => [l.variantId, l.requiresShipping])).toEqual([[2005, true], [2005, false]]);
    expect(mugVariant.inventoryQuantity).toBe(0);
  });

  it("refuses add_subscription on an order that already has a subscription", async () => {
    const { referenceId } = await checkout(5001);
    const token = await sign({ changes: decafSubscription }, { sub: referenceId });
    const { body } = await post("/__sim/post-purchase/apply", { referenceId, token, buyerConsentToSubscriptions: true });
    expect(body).toMatchObject({ status: "unprocessed", errors: [{ code: "subscription_limit_error" }] });
    expect((await order(5001)).lines).toHaveLength(2);
  });

  it("holds webhooks until a flush, drops them on request and retries a failed delivery", async () => {
    const apply = async (orderId: number) => {
      const { referenceId } = await checkout(orderId);
      return post("/__sim/post-purchase/apply", { referenceId, token: await sign({ changes: mug }, { sub: referenceId }) });
    };
    await post("/__sim/webhooks", { mode: "hold" });
    await apply(5002);
    await sim.state.webhooks.idle();
    expect(received).toHaveLength(0);
    expect((await post("/__sim/webhooks/flush", {})).body).toMatchObject({ flushed: 1, delivered: 1 });
    expect(received).toHaveLength(1);

    await post("/__sim/webhooks", { mode: "drop" });
    await apply(5003);
    expect((await post("/__sim/webhooks/flush", {})).body.flushed).toBe(0);
    expect(received).toHaveLength(1);

    await post("/__sim/webhooks", { mode: "deliver" });
    receiverStatus = 500;
    const { body: created } = await post("/__sim/orders", { customerId: 4001, lines: [{ variantId: 2006, quantity: 1 }] });
    await apply(created.id);
    await sim.state.webhooks.idle();
    expect(received).toHaveLength(2);
    receiverStatus = 200;
    expect((await post("/__sim/webhooks/flush", {})).body).toMatchObject({ flushed: 1, delivered: 1 });
    expect(at(received, 2).headers["x-shopify-webhook-id"]).toBe(at(received, 1).headers["x-shopify-webhook-id"]);
  });
});
