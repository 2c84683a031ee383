/**
 * Reading entries that a test expects to exist. With noUncheckedIndexedAccess an index
 * may be undefined; these fail the test with a message saying what was missing instead
 * of a TypeError further down.
 */

/** `items[index]`, or a failure naming the index and how many items there were. */
export function at<T>(items: readonly T[], index: number, what = "item"): T {
  const item = items[index];
  if (item === undefined) throw new Error(`Expected a ${what} at index ${index}, but there are only ${items.length}`);
  return item;
}

/** The first of `items`, or a failure saying there was none. */
export function first<T>(items: readonly T[], what = "item"): T {
  return at(items, 0, what);
}

/** The last of `items`, or a failure saying there was none. */
export function last<T>(items: readonly T[], what = "item"): T {
  return at(items, items.length - 1, what);
}

/** `record[key]`, or a failure naming the key and the keys there were. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string): T {
  const value = record[key];
  if (value === undefined) throw new Error(`Expected an entry "${key}", but the keys are ${JSON.stringify(Object.keys(record))}`);
  return value;
}
