/**
 * Every icon of the app, in one place. Icons are decoration: hidden from
 * assistive technology, never focusable, drawn in `currentColor` (so forced
 * colours and the dark theme apply), always next to text or inside a
 * control that names the action.
 */
import type { ReactNode } from 'react';

export interface IconProps {
  /** Width and height in CSS pixels. */
  size?: number;
  /** Added to `icon`. */
  className?: string;
}

function Svg({
  size,
  box = 20,
  className,
  children,
}: {
  size: number;
  box?: number;
  className: string | undefined;
  children: ReactNode;
}) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      viewBox={`0 0 ${box} ${box}`}
      width={size}
      height={size}
      className={className ? `icon ${className}` : 'icon'}
    >
      {children}
    </svg>
  );
}

const line = { fill: 'none', stroke: 'currentColor' } as const;

export function CloseIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path d="m5 5 10 10M15 5 5 15" {...line} strokeWidth="1.7" strokeLinecap="round" />
    </Svg>
  );
}

export function CheckIcon({ size = 12, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path d="m4.5 10.5 3.5 3.5 7.5-8" {...line} strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

/** A check in a circle: done (`soft`: on a tinted disc, for a result banner). */
export function CheckCircleIcon({ size = 18, className, soft = false }: IconProps & { soft?: boolean }) {
  return (
    <Svg size={size} className={className}>
      {soft ? (
        <circle cx="10" cy="10" r="8" fill="currentColor" opacity="0.15" />
      ) : (
        <circle cx="10" cy="10" r="8" {...line} strokeWidth="1.6" />
      )}
      <path d="m6.5 10.2 2.4 2.4 4.6-5" {...line} strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

/** Locked by the organisation (`filled`: the small solid lock of a matrix cell). */
export function LockIcon({ size = 16, className, filled = false }: IconProps & { filled?: boolean }) {
  return (
    <Svg size={size} className={className}>
      <rect
        x="4.25"
        y="9"
        width="11.5"
        height="8"
        rx="1.5"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.5"
      />
      <path d="M7 9V6.5a3 3 0 0 1 6 0V9" {...line} strokeWidth="1.5" />
    </Svg>
  );
}

export function BuildingIcon({ size = 14, className }: IconProps) {
  return (
    <Svg size={size} box={16} className={className}>
      <path
        d="M3 13.75V3.5l6-1.75v12M9 6.5h4v7.25M2 13.75h12M5.25 5.5v.01M5.25 8v.01M5.25 10.5v.01"
        {...line}
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </Svg>
  );
}

export function GlobeIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="10" cy="10" r="7.25" {...line} strokeWidth="1.5" />
      <path
        d="M2.75 10h14.5M10 2.75c2 2.1 3 4.5 3 7.25s-1 5.15-3 7.25M10 2.75C8 4.85 7 7.25 7 10s1 5.15 3 7.25"
        {...line}
        strokeWidth="1.5"
      />
    </Svg>
  );
}

export function RefreshIcon({ size = 14, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path
        d="M16.25 10a6.25 6.25 0 1 1-1.83-4.42M16.25 3.75v3.5h-3.5"
        {...line}
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function PlusIcon({ size = 14, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path d="M10 4v12M4 10h12" {...line} strokeWidth="1.8" strokeLinecap="round" />
    </Svg>
  );
}

export function InfoIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="10" cy="10" r="7.25" {...line} strokeWidth="1.5" />
      <path d="M10 9v5M10 6.2v.1" {...line} strokeWidth="1.7" strokeLinecap="round" />
    </Svg>
  );
}

export function HelpIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="10" cy="10" r="7.25" {...line} strokeWidth="1.5" />
      <path
        d="M7.9 7.6a2.2 2.2 0 0 1 4.2.9c0 1.5-2.1 1.9-2.1 3.2M10 14.2v.1"
        {...line}
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </Svg>
  );
}

export function GearIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="10" cy="10" r="2.5" {...line} strokeWidth="1.5" />
      <path
        d="M10 2.75v2M10 15.25v2M2.75 10h2M15.25 10h2M4.9 4.9l1.4 1.4M13.7 13.7l1.4 1.4M4.9 15.1l1.4-1.4M13.7 6.3l1.4-1.4"
        {...line}
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </Svg>
  );
}

export function SearchIcon({ size = 15, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="8.75" cy="8.75" r="5.25" {...line} strokeWidth="1.6" />
      <path d="m12.75 12.75 4 4" {...line} strokeWidth="1.6" strokeLinecap="round" />
    </Svg>
  );
}

/** Which way a column sorts: the active arrow solid, the other faint. */
export function SortIcon({ direction, size = 10 }: { direction: 'asc' | 'desc' | null; size?: number }) {
  return (
    <Svg size={size} box={12} className="sort-icon">
      <path d="M3 4.5 6 1.5l3 3" {...line} strokeWidth="1.4" opacity={direction === 'asc' ? 1 : 0.3} />
      <path d="M3 7.5 6 10.5l3-3" {...line} strokeWidth="1.4" opacity={direction === 'desc' ? 1 : 0.3} />
    </Svg>
  );
}

export function MoreIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <circle cx="4.5" cy="10" r="1.6" fill="currentColor" />
      <circle cx="10" cy="10" r="1.6" fill="currentColor" />
      <circle cx="15.5" cy="10" r="1.6" fill="currentColor" />
    </Svg>
  );
}

export function ColumnsIcon({ size = 15, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <rect x="3" y="4" width="14" height="12" rx="1.5" {...line} strokeWidth="1.4" />
      <path d="M7.75 4v12M12.25 4v12" {...line} strokeWidth="1.4" />
    </Svg>
  );
}

export function MatrixIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path
        d="M3.5 3.5h13v13h-13zM3.5 8h13M3.5 12.25h13M8 3.5v13M12.25 3.5v13"
        {...line}
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function PasteIcon({ size = 15, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path
        d="M7 3.75h6M7.5 2.5h5a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-.75.75h-5a.75.75 0 0 1-.75-.75v-1.5A.75.75 0 0 1 7.5 2.5ZM6.25 3.75H5a1.25 1.25 0 0 0-1.25 1.25v11.25A1.25 1.25 0 0 0 5 17.5h10a1.25 1.25 0 0 0 1.25-1.25V5A1.25 1.25 0 0 0 15 3.75h-1.25M7 9.5h6M7 12.5h4"
        {...line}
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </Svg>
  );
}

export function CopyIcon({ size = 15, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <rect x="7" y="7" width="10" height="10" rx="2" {...line} strokeWidth="1.6" />
      <path
        d="M13 4.5A1.5 1.5 0 0 0 11.5 3h-7A1.5 1.5 0 0 0 3 4.5v7A1.5 1.5 0 0 0 4.5 13"
        {...line}
        strokeWidth="1.6"
      />
    </Svg>
  );
}

/** A clock with a turning-back arrow: history. */
export function HistoryIcon({ size = 16, className }: IconProps) {
  return (
    <Svg size={size} className={className}>
      <path
        d="M3.5 10a6.5 6.5 0 1 0 1.9-4.6M3.5 3.5v2.4h2.4M10 6.5V10l2.5 1.75"
        {...line}
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}
