/**
 * One invitation, two schemas built from the same fields: the IPC draft
 * (strict, as typed) and the wire request (E.164) refuse the same input
 * under the same paths, and the wizard puts every one of those paths on a
 * field.
 */
import { describe, expect, it } from 'vitest';
import { INVITATION_FIELDS, InvitationRequest } from '../../shared/api/members.ts';
import { InvitationDraft } from '../../shared/ipc/contract.ts';
import { fieldErrors } from '../../shared/validation.ts';
import { problemsFromError } from '../../renderer/src/invite/draft.ts';

const valid = {
  name: 'Zoë Müller',
  email: 'Zoe.Mueller@Example.com',
  role: 'editor',
  language: 'de',
  codeDelivery: 'sms',
  mobile: { country: 'CH', number: '079 123 45 67' },
};

const bad: Record<string, unknown>[] = [
  { name: '' },
  { name: 'Line\nbreak' },
  { email: 'anna@' },
  { role: 'owner' },
  { language: 'es' },
  { codeDelivery: 'email' },
  { mobile: undefined },
  { mobile: { country: 'XX', number: '079 123 45 67' } },
  { mobile: { country: 'IT', number: '06 6982 1234' } },
  { mobile: { country: 'IT', number: '+41 79 123 45 67' } },
  { mobile: { country: 'CH', number: '' } },
  { mobile: { country: 'CH', number: '0'.repeat(41) } },
  { codeDelivery: 'display', mobile: { country: 'CH', number: 'call me' } },
];

function problems(schema: typeof InvitationDraft | typeof InvitationRequest, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? null : fieldErrors(result.error);
}

describe('the invitation schemas', () => {
  it('accept the same invitation; the wire form carries the number as E.164, only for SMS', () => {
    expect(InvitationDraft.parse(valid)).toEqual({ ...valid, email: 'zoe.mueller@example.com' });
    expect(InvitationRequest.parse(valid)).toMatchObject({ mobile: { country: 'CH', e164: '+41791234567' } });
    const display = { ...valid, codeDelivery: 'display' };
    expect(InvitationRequest.parse(display).mobile).toBeNull();
    expect(InvitationDraft.safeParse(display).success).toBe(true);
  });

  it('refuse the same input under the same paths, and each path lands on a wizard field', () => {
    for (const override of bad) {
      const input = { ...valid, ...override };
      const draft = problems(InvitationDraft, input);
      expect(draft, JSON.stringify(override)).not.toBeNull();
      expect(problems(InvitationRequest, input), JSON.stringify(override)).toEqual(draft);
      for (const path of Object.keys(draft!)) {
        const fields = { [`invitation.${path}`]: draft![path]! };
        expect(problemsFromError({ code: 'invalid_payload', message: '', fields }), path).not.toBeNull();
      }
    }
  });

  it('differ only in strictness: main refuses unknown keys, the server ignores them', () => {
    const extra = { ...valid, admin: true, mobile: { ...valid.mobile, note: 'x' } };
    expect(problems(InvitationDraft, extra)).not.toBeNull();
    expect(InvitationRequest.safeParse(extra).success).toBe(true);
    expect(Object.keys(InvitationDraft.parse(valid)).sort()).toEqual(Object.keys(INVITATION_FIELDS).sort());
  });
});
