import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PipelineInvitation } from '../../../shared/api/pipeline.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { formatInternational } from '../../../shared/phone.ts';
import { errorText } from '../app/ErrorText.tsx';
import type { Format } from '../format/locale.ts';

/** What a bulk re-send or revoke did to one row. */
export type RowResult = { outcome: 'resent' | 'revoked' } | { outcome: 'failed'; error: AppErrorShape };

/** "in 3 days" / "in 5 hours" in the UI language (Intl words it, so no template of ours). */
function countdown(format: Format, iso: string, now: number): string {
  const seconds = Math.max(0, (Date.parse(iso) - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(format.locale, { numeric: 'always' });
  if (seconds >= 86_400) return relative.format(Math.floor(seconds / 86_400), 'day');
  if (seconds >= 3_600) return relative.format(Math.floor(seconds / 3_600), 'hour');
  return relative.format(Math.max(1, Math.floor(seconds / 60)), 'minute');
}

function rowResultText(t: TFunction, result: RowResult): string {
  if (result.outcome === 'failed') return t('pipeline.invitations.row.failed', { reason: errorText(t, result.error) });
  return t(`pipeline.invitations.row.${result.outcome}`);
}

/** One invitation in the Invitations table: who, state, expiry, age, delivery, SMS state, re-sends. */
export function InvitationRow({
  item,
  safeName,
  now,
  format,
  selected,
  onSelect,
  result,
  showResult,
}: {
  item: PipelineInvitation;
  safeName: string | null;
  now: number;
  format: Format;
  selected: boolean;
  onSelect: (item: PipelineInvitation, selected: boolean) => void;
  result: RowResult | undefined;
  showResult: boolean;
}) {
  const { t } = useTranslation();
  const { member } = item;
  const expired = item.state === 'expired';
  return (
    <tr
      className={selected ? 'is-selected' : undefined}
      data-testid="invitation-row"
      data-email={member.email}
      data-state={item.state}
      data-sms={item.sms?.state ?? ''}
    >
      <td className="data-table__check">
        <input
          type="checkbox"
          checked={selected}
          aria-label={t('pipeline.invitations.selectRow', { name: member.name })}
          onChange={(event) => onSelect(item, event.target.checked)}
        />
      </td>
      <td>
        <span className="pipeline-person__name">{member.name}</span>
        <span className="pipeline-person__email">{member.email}</span>
      </td>
      {safeName === null ? null : <td>{safeName}</td>}
      <td>
        <span className={`state-badge state-badge--${expired ? 'expired' : item.expiringSoon ? 'soon' : 'pending'}`}>
          {expired
            ? t('pipeline.invitations.state.expired')
            : item.expiringSoon
              ? t('pipeline.invitations.expiringSoon')
              : t('pipeline.invitations.state.pending')}
        </span>
      </td>
      <td className="pipeline__expiry">
        {item.expiresAt === null ? (
          <span className="muted">{t('pipeline.invitations.noCode')}</span>
        ) : expired ? (
          <time dateTime={item.expiresAt} title={format.dateTime(item.expiresAt)}>
            {t('pipeline.invitations.expiredAgo', { time: format.relative(item.expiresAt, now) })}
          </time>
        ) : (
          <time dateTime={item.expiresAt} title={format.dateTime(item.expiresAt)}>
            {countdown(format, item.expiresAt, now)}
          </time>
        )}
      </td>
      <td className="pipeline__time">
        <time dateTime={member.invitedAt} title={format.dateTime(member.invitedAt)}>
          {format.relative(member.invitedAt, now)}
        </time>
      </td>
      <td>
        {item.codeDelivery === null ? (
          <span className="muted">–</span>
        ) : item.codeDelivery === 'sms' ? (
          <SmsTo number={item.sentTo ? formatInternational(item.sentTo) : ''} />
        ) : (
          t('pipeline.invitations.delivery.display')
        )}
      </td>
      <td>
        {item.sms ? (
          <span className={`outcome outcome--sms-${item.sms.state}`} title={format.dateTime(item.sms.at)}>
            {t(`pipeline.invitations.sms.${item.sms.state}`)}
          </span>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="data-table__number">{format.number(item.resendCount)}</td>
      {showResult ? (
        <td className="pipeline__result" data-testid="invitation-result" data-outcome={result?.outcome ?? ''}>
          {result ? (
            <span className={`outcome outcome--${result.outcome === 'failed' ? 'invalid' : 'added'}`}>
              {rowResultText(t, result)}
            </span>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

/** "SMS to +41 79 123 45 67", the number kept on one line. */
function SmsTo({ number }: { number: string }) {
  const { t } = useTranslation();
  const [before, after = ''] = t('pipeline.invitations.delivery.sms', { number: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      <span className="pipeline__number">{number}</span>
      {after}
    </>
  );
}
