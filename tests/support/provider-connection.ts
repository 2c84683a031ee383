/**
 * A saved provider connection, written by the app's own Save (saveProviderConnection) with
 * the proof a passed "Test API key" issues: tests get the row, the encrypted token and the
 * audit entry exactly as a merchant's save leaves them, never a hand-written row shape.
 */
import type { Shop } from "@prisma/client";
import type { ProviderName } from "~/providers/types";
import { issueConnectionTestProof } from "~/security/connection-proof.server";
import { saveProviderConnection } from "~/upgrades/connection/provider-connection.server";

export async function seedProviderConnection(shop: Pick<Shop, "id" | "domain">, provider: ProviderName, token: string): Promise<void> {
  const proof = issueConnectionTestProof({ shopId: shop.id, provider, token });
  await saveProviderConnection({ shop, provider, token, proof, actor: "test:seed" });
}
