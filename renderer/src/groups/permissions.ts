/**
 * Permission names and descriptions come from the catalogue the server sent
 * (each entry carries its own translations): the UI renders whatever it
 * holds, so a new permission needs no code here.
 */
import { useCallback } from 'react';
import type { PermissionCatalogue, PermissionEntry } from '../../../shared/api/groups.ts';
import type { Language } from '../../../shared/languages.ts';
import { useAppStore } from '../store/index.ts';

export interface PermissionText {
  key: string;
  name: string;
  description: string;
  parent: string | undefined;
  /** False for a key the catalogue does not hold (a newer server's): its key stands in for the name. */
  known: boolean;
}

export function permissionText(catalogue: PermissionCatalogue | null, language: Language, key: string): PermissionText {
  const entry = catalogue?.items.find((item) => item.key === key);
  if (!entry) return { key, name: key, description: '', parent: undefined, known: false };
  return {
    key,
    name: entry.name[language] || entry.name.en || key,
    description: entry.description[language] || entry.description.en || '',
    parent: entry.parent,
    known: true,
  };
}

/** `(key) => PermissionText` in the UI language. */
export function usePermissionText(): (key: string) => PermissionText {
  const catalogue = useAppStore((state) => state.permissionCatalogue);
  const language = useAppStore((state) => state.language);
  return useCallback((key: string) => permissionText(catalogue, language, key), [catalogue, language]);
}

export interface PermissionNode {
  entry: PermissionEntry;
  children: PermissionEntry[];
}

/** The catalogue as parents with their sub-rights, in catalogue order. */
export function permissionTree(items: readonly PermissionEntry[]): PermissionNode[] {
  const keys = new Set(items.map((item) => item.key));
  const roots: PermissionNode[] = [];
  const byKey = new Map<string, PermissionNode>();
  for (const entry of items) {
    const parent = entry.parent !== undefined && keys.has(entry.parent) ? byKey.get(entry.parent) : undefined;
    if (parent) {
      parent.children.push(entry);
    } else {
      const node = { entry, children: [] };
      roots.push(node);
      byKey.set(entry.key, node);
    }
  }
  return roots;
}
