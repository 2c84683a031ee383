/**
 * The slice of Skio's Hasura schema the simulator serves, taken from the published
 * code.skio.com reference (research S5: Query roots, the Subscription, SubscriptionLine,
 * Policy, SellingPlan, SellingPlanGroup(Resource), Discount and StorefrontUser fields) —
 * not from what the adapter sends. There is no `Sites` root and no shop-domain field; a
 * SellingPlan's cadence lives only in its Policy relations. Real GraphQL
 * validation runs against it, so a field or input the simulator does not know fails the
 * way it would on Skio. `where` / `order_by` are accepted as untyped Hasura expressions,
 * and ids are a `uuid` scalar, so an id variable declared `String!` is rejected.
 */
import { GraphQLError, type GraphQLScalarType, buildSchema, valueFromASTUntyped, type GraphQLSchema } from "graphql";

const SDL = /* GraphQL */ `
  scalar jsonb
  scalar uuid

  type Query {
    Subscriptions(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [Subscriptions!]!
    SubscriptionByPk(id: uuid!): Subscriptions
    SubscriptionLines(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [SubscriptionLines!]!
    Orders(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [Orders!]!
    ProductVariants(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [ProductVariants!]!
    SellingPlans(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [SellingPlans!]!
    StorefrontUsers(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [StorefrontUsers!]!
  }

  type Policies { id: uuid! interval: String! intervalCount: Int! minCycles: Int maxCycles: Int isMaxCycleV2: Boolean }
  type Products { id: uuid! platformId: String! title: String! }
  type ProductVariants { id: uuid! platformId: String! title: String! sku: String productId: uuid! Product: Products! }
  type StorefrontUsers { id: uuid! platformId: String email: String firstName: String lastName: String phoneNumber: String }
  type Discounts { id: uuid! redeemCode: String title: String type: String percentage: Float fixedValue: Float subscriptionId: uuid }

  type SubscriptionLines {
    id: uuid! platformId: String quantity: Int! priceWithoutDiscount: Float productVariantId: uuid!
    ProductVariant: ProductVariants! sellingPlanId: uuid isPrepaid: Boolean! ordersRemaining: Int
    prepaidSubscriptionId: uuid removedAt: String titleOverride: String taxable: Boolean reChargeId: String
    subscriptionId: uuid! Subscription: Subscriptions!
  }

  type Subscriptions {
    id: uuid! platformId: String status: String! nextBillingDate: String createdAt: String! updatedAt: String!
    cancelledAt: String cyclesCompleted: Int currencyCode: String deliveryPrice: Float note: String
    billingPolicyId: uuid deliveryPolicyId: uuid prepaidDeliveryPolicyId: uuid
    BillingPolicy: Policies DeliveryPolicy: Policies PrepaidDeliveryPolicy: Policies
    originOrderId: uuid originOrder: Orders storefrontUserId: uuid StorefrontUser: StorefrontUsers
    SubscriptionLines(where: jsonb, order_by: jsonb, limit: Int, offset: Int): [SubscriptionLines!]!
    Discounts: [Discounts!]!
  }

  type OrderLineItems { id: uuid! SubscriptionLine: SubscriptionLines }
  type Orders {
    id: uuid! platformId: String! platformNumber: String totalPrice: Float processedAt: String
    OrderLineItems: [OrderLineItems!]! StorefrontUser: StorefrontUsers
  }

  type SellingPlanGroups { id: uuid! platformId: String name: String SellingPlanGroupResources: [SellingPlanGroupResources!]! }
  type SellingPlanGroupResources { id: uuid! SellingPlanGroup: SellingPlanGroups! ProductVariant: ProductVariants! }
  type SellingPlans {
    id: uuid! platformId: String! name: String! option: String! position: Int!
    billingPolicyId: uuid! deliveryPolicyId: uuid! prepaidDeliveryPolicyId: uuid sellingPlanGroupId: uuid!
    BillingPolicy: Policies! DeliveryPolicy: Policies! PrepaidDeliveryPolicy: Policies
    SellingPlanGroup: SellingPlanGroups!
  }

  input SubscriptionEditIntervalInput {
    subscriptionId: uuid! billingInterval: String! billingIntervalCount: Int nextBillingDate: String
    prepaidDeliveryInterval: String prepaidDeliveryIntervalCount: Int debugCaller: String
  }
  type SubscriptionEditIntervalOutput { subscriptionId: uuid! }
  input UpdateSubscriptionLineInput {
    subscriptionLineId: uuid prepaidSubscriptionLineId: uuid quantity: Int productVariantId: uuid
    currentPrice: Float titleOverride: String
  }
  type UpdateSubscriptionLineOutput { ok: Boolean! }
  input SwapSubscriptionProductVariantsInput {
    subscriptionId: uuid! oldProductVariantId: String! newProductVariantId: String! pricingOption: String
    newCustomPrice: String isGiftSwap: Boolean subscriptionLinesToSwapFrom: [uuid!]
  }
  type SwapSubscriptionProductVariantsOutput { ok: Boolean! }
  input ApplyDiscountCodeInput { subscriptionId: uuid! code: String! }
  type ApplyDiscountCodeOutput { ok: Boolean! message: String }

  type Mutation {
    subscriptionEditInterval(input: SubscriptionEditIntervalInput!): SubscriptionEditIntervalOutput
    updateSubscriptionLine(input: UpdateSubscriptionLineInput!): UpdateSubscriptionLineOutput
    swapSubscriptionProductVariants(input: SwapSubscriptionProductVariantsInput!): SwapSubscriptionProductVariantsOutput
    applyDiscountCode(input: ApplyDiscountCodeInput!): ApplyDiscountCodeOutput
  }
`;

let cached: GraphQLSchema | undefined;

export function skioSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(SDL);
  const jsonb = schema.getType("jsonb") as GraphQLScalarType;
  jsonb.parseLiteral = (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined);
  jsonb.parseValue = (value) => value;
  const uuid = schema.getType("uuid") as GraphQLScalarType;
  uuid.parseValue = (value) => {
    if (typeof value !== "string") throw new GraphQLError("uuid must be a string");
    return value;
  };
  uuid.parseLiteral = (ast) => {
    if (ast.kind !== "StringValue") throw new GraphQLError("uuid must be a string");
    return ast.value;
  };
  cached = schema;
  return schema;
}

/** Hasura-style bool_exp over plain objects: _eq/_neq/_in/_nin/_is_null/_ilike/_like/_gt/_lt, _and/_or/_not, relations. */
export function matchesWhere(obj: Record<string, unknown>, where: unknown, typeName: string): boolean {
  if (!where || typeof where !== "object") return true;
  return Object.entries(where as Record<string, unknown>).every(([key, cond]) => {
    if (key === "_and") return (cond as unknown[]).every((c) => matchesWhere(obj, c, typeName));
    if (key === "_or") return (cond as unknown[]).some((c) => matchesWhere(obj, c, typeName));
    if (key === "_not") return !matchesWhere(obj, cond, typeName);
    if (!(key in obj)) {
      throw new GraphQLError(`field '${key}' not found in type: '${typeName}_bool_exp'`, { extensions: { code: "validation-failed", path: "$" } });
    }
    let value = obj[key];
    if (typeof value === "function") value = (value as (args: object) => unknown)({});
    const condition = (cond ?? {}) as Record<string, unknown>;
    const ops = Object.keys(condition);
    if (ops.length > 0 && ops.every((op) => op.startsWith("_"))) return compare(value, condition);
    if (Array.isArray(value)) return value.some((v) => matchesWhere(v as Record<string, unknown>, condition, key));
    if (value === null || value === undefined) return false;
    return matchesWhere(value as Record<string, unknown>, condition, key);
  });
}

function like(value: unknown, pattern: unknown, insensitive: boolean): boolean {
  if (typeof value !== "string" || typeof pattern !== "string") return false;
  const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, insensitive ? "i" : "");
  return regex.test(value);
}

function compare(value: unknown, condition: Record<string, unknown>): boolean {
  return Object.entries(condition).every(([op, operand]) => {
    switch (op) {
      case "_eq": return value === operand;
      case "_neq": return value !== operand;
      case "_in": return Array.isArray(operand) && operand.includes(value);
      case "_nin": return Array.isArray(operand) && !operand.includes(value);
      case "_is_null": return operand ? value === null || value === undefined : value !== null && value !== undefined;
      case "_ilike": return like(value, operand, true);
      case "_like": return like(value, operand, false);
      case "_gt": return (value as number) > (operand as number);
      case "_gte": return (value as number) >= (operand as number);
      case "_lt": return (value as number) < (operand as number);
      case "_lte": return (value as number) <= (operand as number);
      default:
        throw new GraphQLError(`unknown operator '${op}'`, { extensions: { code: "validation-failed", path: "$" } });
    }
  });
}
