/** Retention periods as days, for comparing them and finding data kept without limit. */

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

/** Parses `30d`, `6 months`, `2y`, `P1Y6M`; returns undefined for "unspecified". */
export function parseRetentionDays(text: string): number | 'unlimited' | undefined {
  if (text === 'unlimited') return 'unlimited';
  if (text === 'unspecified') return undefined;
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/i.exec(text);
  if (iso) {
    const [, y = '0', m = '0', w = '0', d = '0'] = iso;
    return Number(y) * 365 + Number(m) * 30 + Number(w) * 7 + Number(d);
  }
  const simple = /^(\d+)\s*([a-z]+)$/i.exec(text);
  if (!simple) return undefined;
  const unit = simple[2]!.toLowerCase()[0]!;
  return Number(simple[1]) * (UNIT_DAYS[unit] ?? 1);
}
