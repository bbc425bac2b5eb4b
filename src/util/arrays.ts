/**
 * Array helpers for lists whose length the user controls. `a.push(...b)` and `Math.max(...b)` pass
 * every element as a call argument, and V8 overflows the stack somewhere past ~100,000 arguments: a
 * 390 KB spec with `output y, y, …` was enough. These loop instead. (test/hostile/no-call-spread.test.ts
 * keeps spread arguments out of src/.)
 */

/** Appends every item of `items` to `target` (what `target.push(...items)` means, for any length). */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there are none (`Math.max(...values)` for any length). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let best = empty;
  let any = false;
  for (const v of values) {
    best = any ? Math.max(best, v) : v;
    any = true;
  }
  return any ? best : empty;
}

/** The smallest of `values`, or `empty` when there are none (`Math.min(...values)` for any length). */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let best = empty;
  let any = false;
  for (const v of values) {
    best = any ? Math.min(best, v) : v;
    any = true;
  }
  return any ? best : empty;
}
