// Runs once before the whole suite (see vitest.config.ts).
export default async function setup(): Promise<void> {}
