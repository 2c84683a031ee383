/**
 * Every column that holds an encrypted secret, with the context its ciphertext is bound
 * to (encryption.server.ts). Writers must use these contexts; key rotation
 * (rotate-keys.server.ts) re-encrypts every column listed here.
 */
export const secretContext = {
  /** ProviderConnection.tokenCiphertext (CONN-4). */
  providerToken: (shopId: string) => `provider-connection:${shopId}`,
  /** PostscriptConnection.apiKeyCiphertext (PS-1). */
  postscriptApiKey: (shopId: string) => `postscript-connection:${shopId}`,
} as const;
