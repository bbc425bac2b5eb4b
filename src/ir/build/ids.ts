/**
 * Node ids: unique, deterministic, valid identifier stems. User names become ids (sanitized); other
 * nodes get `<op>_<n>` from a counter per op and scope, skipping ids already taken, so adding a name
 * never renumbers unrelated nodes in another scope.
 */

/** Replaces every character that cannot appear in an identifier; never returns an empty string. */
export function sanitizeId(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "") s = "_";
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

export class IdAllocator {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** Marks an id as used (user names, reserved before expansion so counters skip them). */
  reserve(id: string): void {
    this.taken.add(id);
  }

  has(id: string): boolean {
    return this.taken.has(id);
  }

  /** `${stem}_${n}` with the next free n of this stem (1-based). */
  fresh(stem: string): string {
    let n = this.counters.get(stem) ?? 0;
    let id: string;
    do {
      n++;
      id = `${stem}_${n}`;
    } while (this.taken.has(id));
    this.counters.set(stem, n);
    this.taken.add(id);
    return id;
  }

  /** `id` itself when free, else the first free `${id}_${n}` (only for names that could not be reserved). */
  claim(id: string): string {
    if (!this.taken.has(id)) {
      this.taken.add(id);
      return id;
    }
    return this.fresh(id);
  }
}
