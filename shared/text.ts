/**
 * One rule for every human-readable text field (person names, safe names,
 * group names, API-key labels, trusted-device names, dropzone names):
 *
 * - NFC-normalised and trimmed;
 * - no control characters (C0 and C1, NUL, ESC, CR, LF, and the Unicode
 *   line and paragraph separators) and no bidi overrides or isolates
 *   (U+202A–U+202E, U+2066–U+2069), which could hide or reorder what an
 *   administrator reads: field error `invalid_characters`;
 * - not only invisible characters (spaces, zero-width and other format
 *   characters, fillers): `invisible_only`;
 * - at most `max` characters as a reader counts them (grapheme clusters,
 *   `Intl.Segmenter`), so "Zoë" or a flag emoji count once: `too_long`.
 *
 * Used by the API schemas, and so by the IPC contract that reuses them, and
 * by the renderer's forms. No Node imports: this runs in the renderer too.
 */
import { z } from 'zod';

/** C0, DEL and C1 controls, and the line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Bidi embeddings, overrides and isolates. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** What renders as nothing: white space, format characters, default-ignorables, the braille blank. */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Characters as a reader counts them. */
export function graphemeCount(value: string): number {
  let count = 0;
  for (const _ of segmenter.segment(value)) count++;
  return count;
}

export type TextProblem = 'required' | 'invalid_characters' | 'invisible_only' | 'too_long';

/** The normalised text, or why it is not acceptable. */
export function checkText(raw: string, max: number): { ok: true; value: string } | { ok: false; problem: TextProblem } {
  const value = raw.normalize('NFC').trim();
  if (value === '') return { ok: false, problem: 'required' };
  if (CONTROL.test(value) || BIDI_CONTROL.test(value)) return { ok: false, problem: 'invalid_characters' };
  if (value.replace(INVISIBLE, '') === '') return { ok: false, problem: 'invisible_only' };
  // a grapheme may carry any number of combining marks: cap the code units too
  if (value.length > max * 8 || graphemeCount(value) > max) return { ok: false, problem: 'too_long' };
  return { ok: true, value };
}

/** A schema for one human-readable field of at most `max` characters. */
export function displayText(max: number) {
  return z
    .string({ error: 'required' })
    .transform((raw, ctx) => {
      const checked = checkText(raw, max);
      if (checked.ok) return checked.value;
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    })
    .meta({
      description: `1–${max} characters; no control or text-direction characters, not only invisible ones.`,
    });
}

/**
 * Text from any source made safe to embed in a message (the safe's name in
 * an SMS): controls and bidi characters become spaces, runs of white space
 * one space, and it is shortened to `max` characters (with "…").
 */
export function plainText(value: string, max: number): string {
  const flat = value
    .normalize('NFC')
    .replace(new RegExp(`${CONTROL.source}|${BIDI_CONTROL.source}`, 'gu'), ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  if (graphemeCount(flat) <= max) return flat;
  const kept: string[] = [];
  for (const { segment } of segmenter.segment(flat)) {
    if (kept.length === max - 1) break;
    kept.push(segment);
  }
  return `${kept.join('').trimEnd()}…`;
}

/** The form two names are compared in when they must differ regardless of case ("Finance" = "FINANCE"). */
export function caselessKey(value: string): string {
  return value.normalize('NFC').toUpperCase().toLowerCase();
}
