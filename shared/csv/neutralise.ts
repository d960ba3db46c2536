/**
 * Formula injection (CSV injection): a spreadsheet that opens a CSV file
 * runs a cell starting with `=`, `+`, `-` or `@` as a formula
 * (`=cmd|' /C calc'!A0` starts a program in old Excel; `=HYPERLINK(…)`
 * leaks data), and a leading tab or carriage return can hide such a start.
 * Every cell the app writes goes through `neutraliseCell`, which puts a
 * single quote in front of such a cell, as OWASP recommends: spreadsheets
 * then show it as text, and other tools see the quote. The import strips
 * that quote again (`restoreCell`), so a file the app exported reads back
 * as it was written.
 */

/** First characters that make a spreadsheet treat a cell as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

const TRIGGER = /^[=+\-@\t\r]/;

/** The cell as text no spreadsheet runs: `'` in front when it starts with a formula trigger. */
export function neutraliseCell(value: string): string {
  return TRIGGER.test(value) ? `'${value}` : value;
}

/** What `neutraliseCell` protected, as it was; every other cell unchanged. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && TRIGGER.test(value.slice(1)) ? value.slice(1) : value;
}
