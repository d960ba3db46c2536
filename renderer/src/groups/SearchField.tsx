import { useId } from 'react';

/** The search box above a group's members and above the matrix: a hidden label, the icon and the input. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  testId,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="search-field">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <SearchIcon />
      <input
        id={id}
        type="search"
        className="search-field__input"
        placeholder={placeholder}
        value={value}
        maxLength={200}
        onChange={(event) => onChange(event.currentTarget.value)}
        data-testid={testId}
      />
    </div>
  );
}

export function SearchIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="15" height="15" className="icon search-icon">
      <circle cx="8.75" cy="8.75" r="5.25" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="m12.75 12.75 4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
