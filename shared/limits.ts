/**
 * Input limits that the server, main and the renderer all check. Plain
 * constants, in a module without schemas, so a screen that only needs a limit
 * does not load zod, the contract or the phone metadata with it.
 */

/** Longest member search. */
export const MEMBER_SEARCH_MAX = 200;

/** Most group members removed in one request. */
export const REMOVE_LIMIT = 50;

/** Largest paste accepted for a bulk add (the server's body limit is 64 KiB). */
export const BULK_TEXT_MAX = 60_000;
