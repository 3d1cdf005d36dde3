const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar year of `d` in a time zone (a case opened at 00:30 WITA on 1 January belongs to the new year). */
export function yearIn(d: Date, timeZone: string): number {
  let f = yearFormats.get(timeZone);
  if (!f) yearFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' })));
  return Number(f.format(d));
}
