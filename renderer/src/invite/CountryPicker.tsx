import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountryCode } from '../../../shared/phone.ts';
import { countryOptions, filterCountries, type CountryOption } from './countries.ts';
// After the field styles: the input is a `field__input` with room for the chevron.
import '../forms/forms.css';
import './country-picker.css';

export interface CountryPickerProps {
  id: string;
  value: CountryCode | null;
  onChange: (country: CountryCode) => void;
  invalid: boolean;
  describedBy?: string;
  /** Only these regions may be chosen (policy `SmsCountries`); null: any. */
  allowed?: readonly string[] | null;
}

/**
 * An editable combobox (ARIA 1.2) over a listbox of countries. Typing
 * searches; arrows move; Enter picks; Esc closes the list without closing
 * the dialog around it. The list is in the flow, so no scroll container
 * clips it.
 */
export function CountryPicker({ id, value, onChange, invalid, describedBy, allowed }: CountryPickerProps) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  // Policy `SmsCountries`: only those (main refuses any other anyway).
  const options = useMemo(() => {
    const all = countryOptions(i18n.language);
    return allowed ? all.filter((option) => allowed.includes(option.country)) : all;
  }, [i18n.language, allowed]);
  const selected = options.find((option) => option.country === value) ?? null;
  /** Null while not searching: the input then shows the chosen country. */
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  const matches = useMemo(() => filterCountries(options, query ?? ''), [options, query]);
  const activeOption = open ? matches[Math.min(active, matches.length - 1)] : undefined;

  useEffect(() => {
    if (!open || !activeOption) return;
    listRef.current?.querySelector(`[data-country="${activeOption.country}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, activeOption]);

  const label = (option: CountryOption | null) => (option ? `${option.name} (+${option.callingCode})` : '');

  const openList = (fromQuery: string | null) => {
    const list = filterCountries(options, fromQuery ?? '');
    const current = fromQuery === null ? list.findIndex((option) => option.country === value) : 0;
    setActive(Math.max(0, current));
    setOpen(true);
  };

  const close = () => {
    setOpen(false);
    setQuery(null);
  };

  const pick = (option: CountryOption | undefined) => {
    if (option) onChange(option.country);
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openList(query);
        else setActive((index) => Math.min(matches.length - 1, index + 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openList(query);
        else setActive((index) => Math.max(0, index - 1));
        break;
      case 'PageDown':
        if (!open) return;
        event.preventDefault();
        setActive((index) => Math.min(matches.length - 1, index + 8));
        break;
      case 'PageUp':
        if (!open) return;
        event.preventDefault();
        setActive((index) => Math.max(0, index - 8));
        break;
      case 'Enter':
        if (!open) return; // submits the step
        event.preventDefault();
        pick(activeOption);
        break;
      case 'Escape':
        if (!open && query === null) return; // closes the dialog
        event.preventDefault();
        close();
        break;
      case 'Tab':
        if (open && query !== null && activeOption) pick(activeOption);
        else close();
        break;
      default:
        break;
    }
  };

  return (
    <div className="country-picker">
      <div className="country-picker__control">
        <input
          id={id}
          className="field__input country-picker__input"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${listId}-${activeOption.country}` : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={t('invite.code.countryPlaceholder')}
          value={query ?? label(selected)}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setQuery(text);
            openList(text);
          }}
          onFocus={(event) => event.currentTarget.select()}
          onClick={() => (open ? close() : openList(query))}
          onBlur={close}
          onKeyDown={onKeyDown}
          data-testid="country-picker"
        />
        <span className="country-picker__chevron" aria-hidden="true" />
      </div>
      <ul
        id={listId}
        ref={listRef}
        role="listbox"
        aria-label={t('invite.code.countries')}
        className="country-picker__list"
        hidden={!open}
      >
        {open && matches.length === 0 ? (
          <li className="country-picker__empty" role="presentation">
            {t('invite.code.noCountry')}
          </li>
        ) : null}
        {open
          ? matches.map((option) => (
              <li
                key={option.country}
                id={`${listId}-${option.country}`}
                role="option"
                aria-selected={option === activeOption}
                data-country={option.country}
                className={`country-picker__option${option === activeOption ? ' is-active' : ''}${
                  option.country === value ? ' is-selected' : ''
                }`}
                // Keep the focus in the input; the click picks.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(option)}
              >
                <span className="country-picker__name">{option.name}</span>
                <span className="country-picker__code">+{option.callingCode}</span>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
