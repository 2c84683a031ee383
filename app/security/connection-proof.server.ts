/**
 * The proof that a "Test API key" passed (CONN-2): bound to the shop, the provider and a
 * keyed fingerprint of the token, valid for 30 minutes. The token itself is not in it.
 */
import type { ProviderName } from "~/providers/types";
import { checkProof, fingerprintSecret, issueProof, type ProofCheck } from "./proof.server";

/** How long a passed test lets the merchant press Save. */
export const TEST_PROOF_MAX_AGE_MS = 30 * 60_000;
const PURPOSE = "provider-token-test";

interface ProofSubject {
  shopId: string;
  provider: ProviderName;
  token: string;
}

const fields = ({ shopId, provider, token }: ProofSubject) => [shopId, provider, fingerprintSecret(token)];

export function issueConnectionTestProof(subject: ProofSubject & { now?: Date }): string {
  return issueProof(PURPOSE, fields(subject), { now: (subject.now ?? new Date()).getTime() });
}

export function checkConnectionTestProof(subject: ProofSubject & { proof: string | null | undefined; now?: Date }): ProofCheck {
  return checkProof(subject.proof, PURPOSE, fields(subject), {
    maxAgeMs: TEST_PROOF_MAX_AGE_MS,
    now: (subject.now ?? new Date()).getTime(),
  });
}
