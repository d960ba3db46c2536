/**
 * js-yaml and semver arrive with electron-updater (which reads the same feed
 * with them) and ship no type declarations; these are the calls we make.
 */
declare module 'js-yaml' {
  export function load(text: string): unknown;
}

declare module 'semver' {
  export function valid(version: string): string | null;
  export function gt(left: string, right: string): boolean;
}
