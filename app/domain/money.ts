/**
 * Money as an integer number of minor units plus an ISO 4217 currency code (UPS-3:
 * exact, never floats). Shopify sends amounts as decimal strings ("25.00", "1234.5");
 * they are parsed digit by digit, so "0.1 + 0.2" problems cannot appear. Floats only
 * appear at the two edges that demand a JS number: Intl formatting and the changeset's
 * `discount.value` (see toDecimalNumber).
 */

/** An exact amount: `amountMinor` minor units (cents, yen, fils…) of `currency`. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export type MoneyErrorCode = "invalid_amount" | "precision_loss" | "unsafe_integer" | "currency_mismatch" | "invalid_currency";

/** A money operation that would lose exactness or mix currencies. */
export class MoneyError extends Error {
  readonly code: MoneyErrorCode;
  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = "MoneyError";
    this.code = code;
  }
}

// ISO 4217 minor units that differ from the usual 2.
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** How many minor-unit digits `currency` has (JPY 0, USD 2, KWD 3). */
export function currencyDecimals(currency: string): number {
  assertCurrency(currency);
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Builds a Money, refusing fractional or unsafe minor amounts. */
export function money(amountMinor: number, currency: string): Money {
  assertCurrency(currency);
  assertSafeInteger(amountMinor);
  return { amountMinor, currency };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Parses a Shopify decimal string into minor units exactly: "1234.5" USD → 123450,
 * "1000" JPY → 1000, "1.250" KWD → 1250. Extra trailing zeros are fine ("25.000" USD);
 * a non-zero digit below the minor unit ("1.005" USD) is refused, not rounded.
 */
export function parseDecimalToMinor(amount: string, currency: string): number {
  const decimals = currencyDecimals(currency);
  const match = DECIMAL_PATTERN.exec(amount.trim());
  if (!match) throw new MoneyError("invalid_amount", `"${amount}" is not a decimal amount`);
  const [, sign, whole, fractionRaw = ""] = match;
  const kept = fractionRaw.slice(0, decimals);
  if (/[1-9]/.test(fractionRaw.slice(decimals))) {
    throw new MoneyError("precision_loss", `"${amount}" has more than ${decimals} decimals for ${currency}`);
  }
  const digits = whole + kept + repeatZero(decimals - kept.length);
  const minor = Number(digits);
  assertSafeInteger(minor);
  return sign === "-" && minor !== 0 ? -minor : minor;
}

/** parseDecimalToMinor wrapped in a Money. */
export function parseMoney(amount: string, currency: string): Money {
  return money(parseDecimalToMinor(amount, currency), currency);
}

/** The exact decimal string of `m`: 2000 USD → "20.00", 1000 JPY → "1000", 1250 KWD → "1.250". */
export function toDecimalString(m: Money): string {
  const decimals = currencyDecimals(m.currency);
  const negative = m.amountMinor < 0;
  const digits = String(Math.abs(m.amountMinor));
  if (decimals === 0) return (negative ? "-" : "") + digits;
  const padded = repeatZero(Math.max(0, decimals + 1 - digits.length)) + digits;
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * The amount as a JS number in major units, for APIs that take one (the changeset's
 * fixed-amount discount). Number("20.05") is the closest double to 20.05, which is the
 * best a number can carry; never do arithmetic on the result.
 */
export function toDecimalNumber(m: Money): number {
  return Number(toDecimalString(m));
}

const formatters = new Map<string, Intl.NumberFormat>();
const MAX_CACHED_FORMATTERS = 500;

/**
 * Intl.NumberFormat for `locale` and `options`, falling back to "en-US" for a locale the
 * engine refuses. Building one costs far more than formatting with it (it loads locale
 * data), and the checkout formats a dozen amounts per offer, so formatters are kept per
 * (locale, options) — a memo of a deterministic constructor, which keeps this module
 * pure. The cache is bounded: locales come from shoppers' requests.
 */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (formatter) return formatter;
  try {
    formatter = new Intl.NumberFormat(locale, options);
  } catch {
    formatter = new Intl.NumberFormat("en-US", options);
  }
  if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.delete(formatters.keys().next().value as string);
  formatters.set(key, formatter);
  return formatter;
}

/**
 * Display text for `m` in `locale` ("$20.00", "20,00 $US", "￥1,000"). An unknown locale
 * falls back to "en-US" rather than breaking the checkout page.
 */
export function formatMoney(m: Money, locale: string): string {
  const decimals = currencyDecimals(m.currency);
  const formatter = numberFormat(locale, { style: "currency", currency: m.currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  // A decimal string is formatted exactly where Intl.NumberFormat v3 exists; older
  // engines coerce it to the same number a division would give.
  return formatter.format(toDecimalString(m) as `${number}`);
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

/** `m` times a whole, non-negative quantity. */
export function multiply(m: Money, quantity: number): Money {
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw new MoneyError("invalid_amount", `Quantity must be a whole number ≥ 0, got ${quantity}`);
  }
  return money(m.amountMinor * quantity, m.currency);
}

/** Sum of `items` in `currency` (zero for an empty list). */
export function sum(items: readonly Money[], currency: string): Money {
  let total = zero(currency);
  for (const item of items) total = add(total, item);
  return total;
}

export function minMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return a.amountMinor <= b.amountMinor ? a : b;
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0;
}

/**
 * `amountMinor × basisPoints / 10 000`, rounded half up to the minor unit, for
 * non-negative inputs: the one rounding rule of the pricing module.
 */
export function basisPointsOf(amountMinor: number, basisPoints: number): number {
  if (amountMinor < 0 || basisPoints < 0) throw new MoneyError("invalid_amount", "Percentages apply to non-negative amounts only");
  const numerator = amountMinor * basisPoints;
  assertSafeInteger(numerator);
  return roundHalfUpDivide(numerator, 10_000);
}

/** ⌊n / d + ½⌋ in integers (n ≥ 0, d > 0): half a minor unit rounds up. */
export function roundHalfUpDivide(numerator: number, denominator: number): number {
  const doubled = numerator * 2 + denominator;
  assertSafeInteger(doubled);
  return Math.floor(doubled / (denominator * 2));
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError("currency_mismatch", `Cannot combine ${a.currency} with ${b.currency}`);
  }
}

function assertCurrency(currency: string): void {
  if (!CURRENCY_PATTERN.test(currency)) throw new MoneyError("invalid_currency", `"${currency}" is not an ISO 4217 currency code`);
}

function assertSafeInteger(value: number): void {
  if (!Number.isSafeInteger(value)) throw new MoneyError("unsafe_integer", `${value} is not a whole number of minor units within the safe range`);
}

function repeatZero(count: number): string {
  let out = "";
  for (let i = 0; i < count; i += 1) out += "0";
  return out;
}
