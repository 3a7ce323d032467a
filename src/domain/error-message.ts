const MAX_LENGTH = 256;

/** Managed integrations shows ErrorMessage as is: keep it to `[A-Za-z0-9 _-]` and a sane length. */
export function toErrorMessage(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9 _-]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, MAX_LENGTH)
    .trim();
  return cleaned.length > 0 ? cleaned : 'Account linking failed';
}
