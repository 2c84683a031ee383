import { describe, expect, it } from "vitest";
import {
  add,
  basisPointsOf,
  currencyDecimals,
  formatMoney,
  isZero,
  minMoney,
  money,
  MoneyError,
  multiply,
  numberFormat,
  parseDecimalToMinor,
  parseMoney,
  roundHalfUpDivide,
  subtract,
  sum,
  toDecimalNumber,
  toDecimalString,
  zero,
} from "./money";

/** The MoneyError code `run` throws (fails the test when it returns instead). */
function errorCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return (error as MoneyError).code;
  }
  throw new Error("expected a MoneyError, but the call returned");
}

describe("money: parsing Shopify decimal strings (UPS-3: exact, never floats)", () => {
  it.each([
    ["25.00", "USD", 2500],
    ["1234.5", "USD", 123450],
    ["0.07", "USD", 7],
    ["19.99", "USD", 1999],
    ["0.1", "USD", 10],
    ["25.000", "USD", 2500],
    ["-3.10", "USD", -310],
    ["1000", "JPY", 1000],
    ["1000.0", "JPY", 1000],
    ["1.250", "KWD", 1250],
    ["0.5", "KWD", 500],
    ["90071992547409.91", "USD", 9007199254740991],
    ["+4.20", "USD", 420],
    [" 7.5 ", "USD", 750],
    ["12.", "USD", 1200],
    ["-0.00", "USD", 0],
    ["0.050", "KWD", 50],
    ["3.10", "KWD", 3100],
  ])("UPS-3: parses %s %s to %i minor units", (amount, currency, expected) => {
    expect(parseDecimalToMinor(amount, currency)).toBe(expected);
  });

  it.each([
    ["1.005", "USD", "precision_loss"],
    ["12.5", "JPY", "precision_loss"],
    ["1.2345", "KWD", "precision_loss"],
    ["abc", "USD", "invalid_amount"],
    ["1e3", "USD", "invalid_amount"],
    ["1,000.00", "USD", "invalid_amount"],
    ["", "USD", "invalid_amount"],
    ["90071992547409.93", "USD", "unsafe_integer"],
    ["1.001", "USD", "precision_loss"],
    ["1.0001", "KWD", "precision_loss"],
    ["1.1", "JPY", "precision_loss"],
    [".5", "USD", "invalid_amount"],
    ["1.2.3", "USD", "invalid_amount"],
    ["12 USD", "USD", "invalid_amount"],
    ["USD 12", "USD", "invalid_amount"],
    ["--1", "USD", "invalid_amount"],
    ["1.00", "usd", "invalid_currency"],
    ["1.00", "US", "invalid_currency"],
    ["1.00", "USDX", "invalid_currency"],
    ["1.00", "XUSD", "invalid_currency"],
  ])("UPS-3: refuses %j %s instead of guessing (%s)", (amount, currency, code) => {
    expect(errorCodeOf(() => parseDecimalToMinor(amount, currency))).toBe(code);
  });

  it("UPS-3: a refused amount names the input and what is wrong with it", () => {
    expect(() => parseDecimalToMinor("abc", "USD")).toThrow('"abc" is not a decimal amount');
    expect(() => parseDecimalToMinor("1.005", "USD")).toThrow('"1.005" has more than 2 decimals for USD');
    expect(() => parseDecimalToMinor("1", "usd")).toThrow('"usd" is not an ISO 4217 currency code');
  });

  it("parseMoney keeps the currency beside the exact minor amount", () => {
    expect(parseMoney("12.34", "EUR")).toEqual({ amountMinor: 1234, currency: "EUR" });
    expect(errorCodeOf(() => parseMoney("1.5", "JPY"))).toBe("precision_loss");
  });

  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
  ])("knows %s has %i decimals", (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });

  // Every ISO 4217 currency whose minor unit is not 2: a wrong entry would charge 100×
  // or 1/10 of the price.
  it.each(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"])(
    "UPS-3: %s has no minor unit",
    (currency) => {
      expect(currencyDecimals(currency)).toBe(0);
    },
  );

  it.each(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])("UPS-3: %s has three minor-unit digits", (currency) => {
    expect(currencyDecimals(currency)).toBe(3);
  });

  it.each(["usd", "", "US", "USDD", "1SD"])("refuses %j as a currency code", (currency) => {
    expect(errorCodeOf(() => currencyDecimals(currency))).toBe("invalid_currency");
  });
});

describe("money: decimal output", () => {
  it.each([
    [2000, "USD", "20.00", 20],
    [5, "USD", "0.05", 0.05],
    [-310, "USD", "-3.10", -3.1],
    [1000, "JPY", "1000", 1000],
    [1250, "KWD", "1.250", 1.25],
    [7, "KWD", "0.007", 0.007],
    [0, "USD", "0.00", 0],
    [99, "USD", "0.99", 0.99],
    [100, "USD", "1.00", 1],
    [-5, "USD", "-0.05", -0.05],
    [-1000, "JPY", "-1000", -1000],
    [0, "JPY", "0", 0],
    [-1250, "KWD", "-1.250", -1.25],
    [1000, "KWD", "1.000", 1],
  ])("%i %s is %s (number %d)", (minor, currency, text, number) => {
    expect(toDecimalString(money(minor, currency))).toBe(text);
    expect(toDecimalNumber(money(minor, currency))).toBe(number);
  });

  it.each([
    [2000, "USD", "en-US", "$20.00"],
    [0, "USD", "en-US", "$0.00"],
    [1000, "JPY", "en-US", "¥1,000"],
    [1250, "KWD", "en-US", "KWD\u00a01.250"],
    [2000, "EUR", "fr-FR", "20,00\u00a0€"],
    [123450, "EUR", "de-DE", "1.234,50\u00a0€"],
    [9007199254740991, "USD", "en-US", "$90,071,992,547,409.91"],
  ])("formats %i %s in %s as %j", (minor, currency, locale, expected) => {
    expect(formatMoney(money(minor, currency), locale)).toBe(expected);
  });

  it("falls back to en-US for a locale Intl rejects, instead of breaking the checkout page", () => {
    expect(formatMoney(money(2000, "USD"), "not a locale!!")).toBe("$20.00");
  });

  it("builds one formatter per locale and options, not one per call; other options get their own", () => {
    const usd = { style: "currency", currency: "USD" } as const;
    expect(numberFormat("fr-FR", usd)).toBe(numberFormat("fr-FR", { ...usd }));
    expect(numberFormat("fr-FR", usd)).not.toBe(numberFormat("fr-FR", { style: "currency", currency: "EUR" }));
    expect(numberFormat("not a locale!!", usd).resolvedOptions().locale).toBe("en-US");
    // The cached formatter of one call does not leak into the text of the next.
    expect([formatMoney(money(2000, "EUR"), "fr-FR"), formatMoney(money(2000, "EUR"), "de-DE")]).toEqual(["20,00\u00a0€", "20,00\u00a0€"]);
  });
});

describe("money: arithmetic", () => {
  it("zero is a whole Money of no minor units", () => {
    expect(zero("JPY")).toEqual({ amountMinor: 0, currency: "JPY" });
    expect(isZero(zero("USD"))).toBe(true);
    expect(isZero(money(1, "USD"))).toBe(false);
    expect(isZero(money(-1, "USD"))).toBe(false);
  });

  it.each([
    [100, 200, 100],
    [200, 100, 100],
    [150, 150, 150],
    [-5, 0, -5],
  ])("minMoney(%i, %i) is %i", (a, b, expected) => {
    expect(minMoney(money(a, "USD"), money(b, "USD"))).toEqual(money(expected, "USD"));
  });

  it("minMoney keeps the first argument on a tie", () => {
    const first = money(150, "USD");
    expect(minMoney(first, money(150, "USD"))).toBe(first);
  });

  it.each([
    [0, 0],
    [1, 1999],
    [2, 3998],
  ])("multiplies by the boundary quantity %i (0 is a valid, free quantity)", (quantity, expected) => {
    expect(multiply(money(1999, "USD"), quantity)).toEqual(money(expected, "USD"));
  });

  it("adds, subtracts, multiplies by quantity and sums in minor units", () => {
    expect(add(money(3000, "USD"), money(2000, "USD"))).toEqual(money(5000, "USD"));
    expect(subtract(money(2500, "USD"), money(500, "USD"))).toEqual(money(2000, "USD"));
    expect(multiply(money(1999, "USD"), 3)).toEqual(money(5997, "USD"));
    expect(sum([money(10, "USD"), money(20, "USD"), money(30, "USD")], "USD")).toEqual(money(60, "USD"));
    expect(sum([], "JPY")).toEqual(money(0, "JPY"));
  });

  it.each([
    ["adding", () => add(money(1, "USD"), money(1, "EUR")), "currency_mismatch"],
    ["subtracting", () => subtract(money(1, "USD"), money(1, "EUR")), "currency_mismatch"],
    ["comparing", () => minMoney(money(1, "USD"), money(1, "EUR")), "currency_mismatch"],
    ["summing", () => sum([money(1, "EUR")], "USD"), "currency_mismatch"],
    ["a fractional quantity", () => multiply(money(1, "USD"), 1.5), "invalid_amount"],
    ["a negative quantity", () => multiply(money(1, "USD"), -1), "invalid_amount"],
    ["fractional minor units", () => money(1.5, "USD"), "unsafe_integer"],
    ["minor units past the safe range", () => money(2 ** 53, "USD"), "unsafe_integer"],
    ["a sum past the safe range", () => add(money(Number.MAX_SAFE_INTEGER, "USD"), money(1, "USD")), "unsafe_integer"],
    ["a product past the safe range", () => multiply(money(Number.MAX_SAFE_INTEGER, "USD"), 2), "unsafe_integer"],
    ["a lower-case currency", () => money(1, "usd"), "invalid_currency"],
  ])("refuses %s that would lose exactness", (_label, run, code) => {
    expect(errorCodeOf(run)).toBe(code);
  });

  it("names the two currencies it refuses to combine", () => {
    expect(() => add(money(1, "USD"), money(1, "EUR"))).toThrow("Cannot combine USD with EUR");
  });

  it("a refused quantity says what a valid one is", () => {
    expect(() => multiply(money(1, "USD"), -1)).toThrow("Quantity must be a whole number ≥ 0, got -1");
  });

  it.each([
    [2500, 2000, 500],
    [5, 5000, 3],
    [1, 5000, 1],
    [1, 4999, 0],
    [333, 3333, 111],
    [4000, 10000, 4000],
    [10, 1500, 2],
    [0, 5000, 0],
    [2500, 0, 0],
    [3, 5000, 2],
    [15, 3333, 5],
  ])("UPS-3: %i × %i bp rounds half up to %i", (amount, bp, expected) => {
    expect(basisPointsOf(amount, bp)).toBe(expected);
  });

  it.each([
    [-1, 100],
    [100, -1],
  ])("UPS-3: refuses a percentage of %i × %i bp (negative input)", (amount, bp) => {
    expect(errorCodeOf(() => basisPointsOf(amount, bp))).toBe("invalid_amount");
  });

  it("UPS-3: a refused percentage says it needs non-negative inputs, as a MoneyError by name", () => {
    expect(() => basisPointsOf(-1, 100)).toThrow("Percentages apply to non-negative amounts only");
    // The retry policy stores error.name as the error class of a failed attempt.
    expect(() => basisPointsOf(-1, 100)).toThrow(expect.objectContaining({ name: "MoneyError" }));
  });

  it("UPS-3: refuses a percentage whose product leaves the safe integer range", () => {
    expect(errorCodeOf(() => basisPointsOf(Number.MAX_SAFE_INTEGER, 2))).toBe("unsafe_integer");
  });

  it.each([
    [0, 4, 0],
    [1, 4, 0],
    [2, 4, 1],
    [3, 4, 1],
    [5, 2, 3],
    [7, 1, 7],
  ])("roundHalfUpDivide(%i, %i) is %i", (numerator, denominator, expected) => {
    expect(roundHalfUpDivide(numerator, denominator)).toBe(expected);
  });

  it("roundHalfUpDivide refuses a numerator whose doubling leaves the safe range, naming the value", () => {
    expect(errorCodeOf(() => roundHalfUpDivide(Number.MAX_SAFE_INTEGER, 1))).toBe("unsafe_integer");
    expect(() => money(1.5, "USD")).toThrow("1.5 is not a whole number of minor units within the safe range");
  });
});
