/** The product mark: a rounded vault door. Decorative; the product name is always next to it. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" width={size} height={size} className="brand-mark">
      <rect x="2" y="2" width="28" height="28" rx="7" className="brand-mark__body" />
      <circle cx="16" cy="16" r="7" className="brand-mark__dial" />
      <circle cx="16" cy="16" r="2.25" className="brand-mark__hub" />
      <path d="M16 9v3M16 20v3M9 16h3M20 16h3" className="brand-mark__spokes" />
    </svg>
  );
}
