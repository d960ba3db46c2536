import type { ReactNode } from 'react';
import './forms.css';

export interface ChoiceProps {
  /** The radio group's name. */
  name: string;
  /** Prefix of the title's and detail's ids. */
  id: string;
  checked: boolean;
  onChange: () => void;
  title: ReactNode;
  detail?: ReactNode;
  /** `tags`: the detail is a row of small labels (a role's capabilities). */
  detailStyle?: 'text' | 'tags';
  value?: string;
}

/** One radio option as a card: a title and what choosing it means. */
export function Choice({ name, id, checked, onChange, title, detail, detailStyle = 'text', value }: ChoiceProps) {
  const hasDetail = detail !== undefined && detail !== null;
  return (
    <label className={`choice${checked ? ' is-checked' : ''}`}>
      <input
        type="radio"
        className="choice__input"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        aria-labelledby={`${id}-title`}
        aria-describedby={hasDetail ? `${id}-detail` : undefined}
      />
      <span className="choice__body">
        <span className="choice__title" id={`${id}-title`}>
          {title}
        </span>
        {hasDetail ? (
          <span className={detailStyle === 'tags' ? 'choice__tags' : 'choice__detail'} id={`${id}-detail`}>
            {detail}
          </span>
        ) : null}
      </span>
    </label>
  );
}
