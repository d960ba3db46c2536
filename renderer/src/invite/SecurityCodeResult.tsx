import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationResult } from '../../../shared/api/members.ts';
import { formatInternational } from '../../../shared/phone.ts';
import { useFormat } from '../format/useFormat.ts';
import { copyText, type CopyOutcome } from '../shell/clipboard.ts';
import { CheckCircleIcon, CopyIcon } from '../app/icons.tsx';
import { detach } from '../detach.ts';
import './security-code.css';

/**
 * What an invitation or a re-send produced: the security code, shown this
 * once, with a copy button; or where the SMS went. Shared by the wizard's
 * Done step and the re-send dialog.
 */
export function SecurityCodeResult({ result, name }: { result: InvitationResult; name: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [copy, setCopy] = useState<CopyOutcome | null>(null);
  const validUntil = format.longDateTime(result.expiresAt) || null;
  const code = result.securityCode;

  const onCopy = async () => {
    if (!code) return;
    setCopy(await copyText(code, true));
  };

  if (result.codeDelivery === 'sms' || !code) {
    const number = result.sentTo ? formatInternational(result.sentTo) : '';
    return (
      <div className="code-result" data-testid="code-result">
        <p className="code-result__sent" data-testid="code-sent-to">
          <CheckCircleIcon />
          {t('invite.done.sent', { number })}
        </p>
        {validUntil ? <p className="muted">{t('invite.done.validUntil', { date: validUntil })}</p> : null}
      </div>
    );
  }

  const half = Math.ceil(code.length / 2);
  return (
    <div className="code-result" data-testid="code-result">
      <div className="code-result__box">
        <p className="code-result__label" id="security-code-label">
          {t('invite.done.codeLabel', { name })}
        </p>
        <div className="code-result__row">
          {/* Two groups for reading aloud; copied and selected as one word. */}
          <output
            className="code-result__code"
            aria-labelledby="security-code-label"
            data-testid="security-code"
            data-code={code}
          >
            <span>{code.slice(0, half)}</span>
            <span>{code.slice(half)}</span>
          </output>
          <button type="button" className="button button--secondary" onClick={() => detach(onCopy())}>
            <CopyIcon />
            {t('invite.done.copy')}
          </button>
        </div>
        <p className="code-result__copy-status" role="status">
          {copy?.status === 'failed'
            ? t('invite.done.copyFailed')
            : copy?.clearAfterSeconds
              ? t('invite.done.copiedCleared', { seconds: copy.clearAfterSeconds })
              : copy
                ? t('invite.done.copied')
                : ''}
        </p>
      </div>
      <p className="code-result__pass-on">{t('invite.done.passOn', { name })}</p>
      {validUntil ? <p className="muted">{t('invite.done.validUntil', { date: validUntil })}</p> : null}
    </div>
  );
}
