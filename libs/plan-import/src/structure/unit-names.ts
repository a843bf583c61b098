import { toSimplifiedShadow } from '../text/script.normalizer';

/**
 * One spelling per unit across a plan: names that differ only in spacing, punctuation width or
 * script (縣科技局 / 县科技局) take the spelling first seen.
 */
export class UnitNames {
  private readonly byKey = new Map<string, string>();

  canonical(name: string): string {
    const tidy = name.replace(/\s+/g, '').replace(/^[“"'‘《]+|[”"'’》]+$/g, '');
    const key = toSimplifiedShadow(tidy);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    this.byKey.set(key, tidy);
    return tidy;
  }

  list(names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const canonical = this.canonical(name);
      if (canonical !== '' && !out.includes(canonical)) out.push(canonical);
    }
    return out;
  }
}
