import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUser, SecurityGroup } from '../../../shared/api/groups.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { useAppStore } from '../store/index.ts';
import { ErrorText, errorText } from '../app/ErrorText.tsx';
import { useDebounced } from './hooks.ts';
import { SearchIcon } from '../app/icons.tsx';
import type { GroupNotice } from './GroupDetail.tsx';
import { detach } from '../detach.ts';

const SEARCH_DELAY_MS = 250;

type Answer = { q: string; users: OrgUser[] } | { q: string; error: AppErrorShape };

type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; q: string }
  | { status: 'done'; q: string; users: OrgUser[] }
  | { status: 'failed'; q: string; error: AppErrorShape };

/**
 * "Add a person": a combobox over the organisation's users (by name or
 * e-mail, debounced). Arrow keys move through the listbox, Enter chooses,
 * Escape closes. The chosen person is shown on the right with their groups
 * and permissions; "Add" puts them in the group.
 */
export function UserPicker({ group, onNotice }: { group: SecurityGroup; onNotice: (notice: GroupNotice) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const searchOrgUsers = useAppStore((state) => state.searchOrgUsers);
  const addGroupMember = useAppStore((state) => state.addGroupMember);
  const showUser = useAppStore((state) => state.showUser);

  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<OrgUser | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [adding, setAdding] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const requestRef = useRef(0);

  const wanted = chosen && query === chosen.name ? '' : query.trim();
  const settled = useDebounced(wanted, SEARCH_DELAY_MS);

  useEffect(() => {
    const request = ++requestRef.current;
    if (!settled) return;
    const answered = searchOrgUsers(settled).then((result) => {
      if (request !== requestRef.current) return;
      setAnswer(result.ok ? { q: settled, users: result.value } : { q: settled, error: result.error });
      setActive(result.ok && result.value.length > 0 ? 0 : -1);
    });
    detach(answered);
  }, [searchOrgUsers, settled]);

  // What the list says follows from what is typed and which answer has come back.
  const search: SearchState = !wanted
    ? { status: 'idle' }
    : answer?.q !== wanted || settled !== wanted
      ? { status: 'searching', q: wanted }
      : 'users' in answer
        ? { status: 'done', q: answer.q, users: answer.users }
        : { status: 'failed', q: answer.q, error: answer.error };

  const users = search.status === 'done' ? search.users : [];
  const expanded = open && wanted !== '' && search.status !== 'idle';
  const activeUser = expanded ? users[active] : undefined;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (user: OrgUser) => {
    setChosen(user);
    setQuery(user.name);
    setOpen(false);
    setActive(-1);
    showUser(user);
  };

  const add = async () => {
    if (!chosen || adding) return;
    setAdding(true);
    const person = chosen;
    const result = await addGroupMember(group.id, person.id);
    setAdding(false);
    if (result.ok) {
      const already = result.value.outcome === 'already_member';
      onNotice({
        tone: 'success',
        text: (tr) =>
          tr(already ? 'groups.notice.alreadyMember' : 'groups.notice.added', { name: person.name, group: group.name }),
      });
      setChosen(null);
      setQuery('');
      inputRef.current?.focus();
    } else {
      const error = result.error;
      onNotice({
        tone: 'error',
        text: (tr) =>
          `${tr('groups.notice.addFailed', { name: person.name, group: group.name })} ${errorText(tr, error)}`,
      });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        if (users.length > 0) setActive((current) => (current + 1) % users.length);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        if (users.length > 0) setActive((current) => (current <= 0 ? users.length - 1 : current - 1));
        break;
      case 'Home':
      case 'End':
        if (expanded && users.length > 0) {
          event.preventDefault();
          setActive(event.key === 'Home' ? 0 : users.length - 1);
        }
        break;
      case 'Enter':
        event.preventDefault();
        if (activeUser) choose(activeUser);
        else if (chosen && query === chosen.name) detach(add());
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
        } else if (query) {
          event.preventDefault();
          setQuery('');
          setChosen(null);
        }
        break;
      default:
        break;
    }
  };

  const statusText =
    search.status === 'searching'
      ? t('groups.picker.searching')
      : search.status === 'done'
        ? search.users.length === 0
          ? t('groups.picker.noMatch', { q: search.q })
          : t('groups.picker.results', { count: search.users.length })
        : '';

  return (
    <div className="user-picker" data-testid="user-picker">
      <label htmlFor={inputId} className="field-label">
        {t('groups.picker.label')}
      </label>
      <div className="user-picker__row">
        <div className="user-picker__combo">
          <div className="search-field">
            <SearchIcon className="search-icon" />
            <input
              ref={inputRef}
              id={inputId}
              type="text"
              className="search-field__input"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-activedescendant={activeUser ? optionId(active) : undefined}
              aria-describedby={hintId}
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              placeholder={t('groups.picker.placeholder')}
              value={query}
              onChange={(event) => {
                setQuery(event.currentTarget.value);
                setOpen(true);
                if (chosen && event.currentTarget.value !== chosen.name) setChosen(null);
              }}
              onFocus={() => setOpen(true)}
              onBlur={() => setOpen(false)}
              onKeyDown={onKeyDown}
              data-testid="user-picker-input"
            />
          </div>
          <ul
            id={listId}
            role="listbox"
            aria-label={t('groups.picker.label')}
            className="user-picker__list"
            hidden={!expanded}
            data-testid="user-picker-list"
          >
            {users.map((user, index) => (
              <li
                key={user.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={`user-picker__option${index === active ? ' is-active' : ''}`}
                data-user-id={user.id}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(user)}
              >
                <span className="user-picker__name">{user.name}</span>
                <span className="user-picker__email">{user.email}</span>
              </li>
            ))}
            {search.status !== 'done' || users.length === 0 ? (
              <li className="user-picker__message" role="presentation">
                {search.status === 'failed' ? (
                  <>
                    {t('groups.picker.failed')} <ErrorText error={search.error} />
                  </>
                ) : (
                  statusText
                )}
              </li>
            ) : null}
          </ul>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={!chosen || query !== chosen.name || adding}
          onClick={() => detach(add())}
          data-testid="user-picker-add"
        >
          {t('groups.picker.submit')}
        </button>
      </div>
      <p id={hintId} className="field-hint">
        {t('groups.picker.hint')}
      </p>
      <span className="visually-hidden" role="status" aria-live="polite">
        {expanded ? statusText : ''}
      </span>
    </div>
  );
}
