import { describe, expect, it } from "vitest";
import {
  add,
  basisPointsOf,
  currencyDecimals,
  formatMoney,
  money,
  MoneyError,
  multiply,
  numberFormat,
  parseDecimalToMinor,
  subtract,
  sum,
  toDecimalNumber,
  toDecimalString,
} from "./money";

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
    ["1.00", "usd", "invalid_currency"],
  ])("UPS-3: refuses %j %s instead of guessing (%s)", (amount, currency, code) => {
    expect(() => parseDecimalToMinor(amount, currency)).toThrow(MoneyError);
    try {
      parseDecimalToMinor(amount, currency);
    } catch (error) {
      expect((error as MoneyError).code).toBe(code);
    }
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
});

describe("money: decimal output", () => {
  it.each([
    [2000, "USD", "20.00", 20],
    [5, "USD", "0.05", 0.05],
    [-310, "USD", "-3.10", -3.1],
    [1000, "JPY", "1000", 1000],
    [1250, "KWD", "1.250", 1.25],
    [7, "KWD", "0.007", 0.007],
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
  it("adds, subtracts, multiplies by quantity and sums in minor units", () => {
    expect(add(money(3000, "USD"), money(2000, "USD"))).toEqual(money(5000, "USD"));
    expect(subtract(money(2500, "USD"), money(500, "USD"))).toEqual(money(2000, "USD"));
    expect(multiply(money(1999, "USD"), 3)).toEqual(money(5997, "USD"));
    expect(sum([money(10, "USD"), money(20, "USD"), money(30, "USD")], "USD")).toEqual(money(60, "USD"));
    expect(sum([], "JPY")).toEqual(money(0, "JPY"));
  });

  it.each([
    ["adding", () => add(money(1, "USD"), money(1, "EUR"))],
    ["a fractional quantity", () => multiply(money(1, "USD"), 1.5)],
    ["a negative quantity", () => multiply(money(1, "USD"), -1)],
    ["fractional minor units", () => money(1.5, "USD")],
  ])("refuses %s that would lose exactness", (_label, run) => {
    expect(run).toThrow(MoneyError);
  });

  it.each([
    [2500, 2000, 500],
    [5, 5000, 3],
    [1, 5000, 1],
    [1, 4999, 0],
    [333, 3333, 111],
    [4000, 10000, 4000],
    [10, 1500, 2],
  ])("UPS-3: %i × %i bp rounds half up to %i", (amount, bp, expected) => {
    expect(basisPointsOf(amount, bp)).toBe(expected);
  });
});
