// Personal data in post text (UU 27/2022): NIK and KK numbers (16 digits) and phone numbers are
// masked wherever a viewer does not need them, and in every broadcast and export.

// 16 digits, possibly grouped with spaces, dots or dashes (e.g. 7307 0112 3456 0001).
const NIK = /(?<![\d])(\d{4})[ .-]?(\d{4})[ .-]?(\d{4})[ .-]?(\d{4})(?![\d])/g;
// Indonesian mobile/landline numbers: +62 / 62 / 0 followed by 8–12 digits, separators allowed.
const PHONE = /(?<![\d+])(?:\+62|62|0)[ .-]?\d{2,4}[ .-]?\d{3,4}[ .-]?\d{2,5}(?![\d])/g;

export function maskPii(text: string): string {
  return text
    .replace(NIK, (_m, a: string) => `${a}************`)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 9 && digits.length <= 15 ? `${m.slice(0, 4)}****${digits.slice(-2)}` : m;
    });
}

export function containsPii(text: string): boolean {
  return maskPii(text) !== text;
}
