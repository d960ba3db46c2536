/** The few XML helpers the ADMX/ADML writers need (text and attribute escaping, an element builder). */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

/**
 * One element, indented by `depth` (two spaces a level). `children` are
 * lines already built (nested elements) or, as a string, escaped text content.
 */
export function element(depth: number, name: string, attrs: Attributes = {}, children?: string | string[]): string {
  const pad = '  '.repeat(depth);
  if (children === undefined || (Array.isArray(children) && children.length === 0)) {
    return `${pad}<${name}${attributes(attrs)} />`;
  }
  if (typeof children === 'string') return `${pad}<${name}${attributes(attrs)}>${escapeXml(children)}</${name}>`;
  return [`${pad}<${name}${attributes(attrs)}>`, ...children, `${pad}</${name}>`].join('\n');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
