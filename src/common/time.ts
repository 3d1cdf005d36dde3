/** The calendar year of `d` in a time zone (a case opened at 00:30 WITA on 1 January belongs to the new year). */
export function yearIn(d: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(d));
}
