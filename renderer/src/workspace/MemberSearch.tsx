import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_SEARCH_MAX } from '../../../shared/limits.ts';
import { useAppStore } from '../store/index.ts';
import { SearchIcon } from '../app/icons.tsx';

/**
 * Search by name or e-mail. No waiting: each key press asks at once (main
 * answers from its in-memory index in a few milliseconds, or the server
 * does), in the key press's own handler, so the question is on its way
 * while the field draws; answers to earlier text are dropped by the store.
 */
export function MemberSearch() {
  const { t } = useTranslation();
  const id = useId();
  const committed = useAppStore((state) => state.memberQuery.q);
  const setMemberSearch = useAppStore((state) => state.setMemberSearch);
  const pendingCommand = useAppStore((state) => state.pendingCommand);
  const consumeCommand = useAppStore((state) => state.consumeCommand);
  const [text, setText] = useState(committed);
  const input = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+F and Edit › Find Members (also when they switched here from another section).
  useEffect(() => {
    if (pendingCommand?.command !== 'findMembers') return;
    consumeCommand(pendingCommand.serial);
    input.current?.focus();
    input.current?.select();
  }, [pendingCommand, consumeCommand]);

  return (
    <div className="member-search">
      <label htmlFor={id} className="visually-hidden">
        {t('members.search.label')}
      </label>
      <SearchIcon className="member-search__icon" />
      <input
        ref={input}
        id={id}
        className="member-search__input"
        type="search"
        value={text}
        maxLength={MEMBER_SEARCH_MAX}
        placeholder={t('members.search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setMemberSearch(event.currentTarget.value);
        }}
        data-testid="member-search"
      />
    </div>
  );
}
