/**
 * Dev-only endpoints of the reference SMS gateway, served only when the
 * server's `devEndpoints` option is on (the embedded demo, tests), to an
 * organisation administrator. Not in the route table or OpenAPI.
 *
 * - GET  /api/v1/dev/sms-outbox[?to=+41…]: the texts sent, oldest first,
 *   with the delivery state of each invitation's current text.
 * - POST /api/v1/dev/sms-outbox/status `{"id": 12, "state": "delivered"}`
 *   or `{"to": "+41791234567", "state": "failed"}` (the newest text to that
 *   number): what a provider's delivery report does — set the state of that
 *   text (`sent`, `delivered`, `failed`). Answers `{ id, state, invitation }`,
 *   `invitation` false when the text belongs to no current code (re-sent,
 *   redeemed or revoked since); 404 for an unknown text.
 */
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { fieldErrors } from '../shared/validation.ts';
import { queryOne, transaction } from './db.ts';
import { HttpError } from './http.ts';
import type { ServerEndpoint } from './router.ts';
import { lastOutboxMessageTo, readOutbox, recordSmsStatus } from './sms.ts';

export const DEV_SMS_OUTBOX_PATH = '/api/v1/dev/sms-outbox';
export const DEV_SMS_STATUS_PATH = '/api/v1/dev/sms-outbox/status';

export const DevSmsStatusRequest = z
  .object({
    id: z.number().int().positive().optional(),
    to: z
      .string()
      .regex(/^\+[1-9]\d{3,14}$/, { error: 'invalid_phone' })
      .optional(),
    state: z.enum(['sent', 'delivered', 'failed']),
  })
  .refine((body) => (body.id === undefined) !== (body.to === undefined), { error: 'required', path: ['id'] });

export function devEndpoints(db: DatabaseSync, now: () => number): ServerEndpoint[] {
  return [
    {
      path: DEV_SMS_OUTBOX_PATH,
      access: 'orgAdmin',
      serve: (search) => {
        const to = search.get('to');
        return { body: { items: readOutbox(db, to ? { to } : {}) } };
      },
    },
    {
      path: DEV_SMS_STATUS_PATH,
      method: 'POST',
      access: 'orgAdmin',
      serve: (_search, body) => {
        const parsed = DevSmsStatusRequest.safeParse(body);
        if (!parsed.success) {
          throw new HttpError(400, 'invalid_payload', 'The request is not valid.', {
            fields: fieldErrors(parsed.error),
          });
        }
        const { id: given, to, state } = parsed.data;
        const id = given ?? (to === undefined ? undefined : lastOutboxMessageTo(db, to));
        if (id === undefined || !queryOne(db, 'SELECT 1 AS one FROM sms_outbox WHERE id = ?', id)) {
          throw new HttpError(404, 'not_found', 'No such text message in the outbox.');
        }
        const invitation = transaction(db, () => recordSmsStatus(db, String(id), state, now()));
        return { body: { id, state, invitation } };
      },
    },
  ];
}
