import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { bindingLabel, shortcutsFor } from '../../../shared/shortcuts.ts';
import { Modal } from '../app/Modal.tsx';
import { usePlatform } from './useKeyboardShortcuts.ts';
import './shell.css';

/** Every keyboard shortcut, with the keys of this platform (Cmd on macOS). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const platform = usePlatform();
  return (
    <Modal labelledBy={titleId} onEscape={onClose} testId="shortcuts-dialog" className="modal--about">
      <div className="modal__header">
        <h2 className="modal__title" id={titleId}>
          {t('shortcuts.title')}
        </h2>
      </div>
      <div className="modal__body">
        <p className="muted">{t('shortcuts.intro')}</p>
        <table className="shortcut-table">
          <thead>
            <tr>
              <th scope="col">{t('shortcuts.action')}</th>
              <th scope="col">{t('shortcuts.keys')}</th>
            </tr>
          </thead>
          <tbody>
            {shortcutsFor(platform).map((shortcut) => (
              <tr key={shortcut.command} data-command={shortcut.command}>
                <th scope="row">{t(`shortcuts.commands.${shortcut.command}`)}</th>
                <td>
                  {shortcut.bindings.map((binding, index) => (
                    <Fragment key={bindingLabel(binding, platform)}>
                      {index > 0 ? ` ${t('shortcuts.or')} ` : null}
                      <kbd>{bindingLabel(binding, platform)}</kbd>
                    </Fragment>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('shell.close')}
        </button>
      </div>
    </Modal>
  );
}
