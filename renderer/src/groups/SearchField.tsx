import { useId } from 'react';
import { SearchIcon } from '../app/icons.tsx';

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
      <SearchIcon className="search-icon" />
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
