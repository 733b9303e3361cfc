/**
 * Spreadsheet programs run cells that start with = + - @ (or a tab/CR) as formulas; text from users
 * (emails, channel names) is prefixed with an apostrophe so an export never carries a formula.
 */
export function csvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
