import { describe, expect, it } from 'vitest';
import { FailureThrottle, type ThrottleOptions } from '../../server/rate-limit.ts';

function throttle(options: ThrottleOptions = {}) {
  const clock = { now: 1_000_000 };
  const instance = new FailureThrottle({
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    forgetAfterMs: 3_600_000,
    now: () => clock.now,
    ...options,
  });
  return { clock, instance };
}

const OWNER = 'owner@x.example';

describe('FailureThrottle', () => {
  it('lets a few failures per (account, address) through, then doubles the wait with every further one', () => {
    const { clock, instance } = throttle({ pairFreeFailures: 3, addressFreeFailures: 100 });
    for (let i = 0; i < 3; i++) {
      expect(instance.check(OWNER, '10.0.0.1')).toBeNull();
      instance.recordFailure(OWNER, '10.0.0.1');
    }
    expect(instance.check('OWNER@x.example', '10.0.0.1')).toEqual({ retryAfterSeconds: 1 });
    clock.now += 1000;
    expect(instance.check(OWNER, '10.0.0.1')).toBeNull();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      instance.recordFailure(OWNER, '10.0.0.1');
      waits.push(instance.check(OWNER, '10.0.0.1')?.retryAfterSeconds ?? 0);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('never slows the owner because of a stranger at another address, however often the stranger fails', () => {
    const { instance } = throttle({ pairFreeFailures: 3, addressFreeFailures: 10 });
    for (let i = 0; i < 500; i++) instance.recordFailure(OWNER, '203.0.113.66');
    expect(instance.check(OWNER, '203.0.113.66')).not.toBeNull();
    // the owner's address has not failed: a correct password gets through
    expect(instance.check(OWNER, '10.0.0.1')).toBeNull();
  });

  it('slows an address that fails across many accounts, but not accounts that signed in from it before', () => {
    const { instance } = throttle({ pairFreeFailures: 100, addressFreeFailures: 5 });
    instance.recordFailure(OWNER, '10.0.0.1');
    instance.recordSuccess(OWNER, '10.0.0.1'); // the owner signs in from the office proxy
    for (let i = 0; i < 5; i++) instance.recordFailure(`guess-${i}@x.example`, '10.0.0.1');
    expect(instance.check('someone-new@x.example', '10.0.0.1')).toEqual({ retryAfterSeconds: 1 });
    expect(instance.check(OWNER, '10.0.0.1')).toBeNull();
    expect(instance.check('someone-new@x.example', '10.0.0.2')).toBeNull();
  });

  it('starts a pair afresh after a success and refunds the address its charge', () => {
    const { instance } = throttle({ pairFreeFailures: 2, addressFreeFailures: 3 });
    instance.recordFailure(OWNER, '10.0.0.1');
    instance.recordFailure(OWNER, '10.0.0.1');
    expect(instance.check(OWNER, '10.0.0.1')).not.toBeNull();
    instance.recordFailure(OWNER, '10.0.0.1'); // charged before the check that then succeeds
    instance.recordSuccess(OWNER, '10.0.0.1');
    expect(instance.check(OWNER, '10.0.0.1')).toBeNull();
    // the address keeps two real failures: one more from a stranger reaches its limit
    expect(instance.check('z@x.example', '10.0.0.1')).toBeNull();
    instance.recordFailure('z@x.example', '10.0.0.1');
    expect(instance.check('y@x.example', '10.0.0.1')).not.toBeNull();
  });

  it('forgets counters a while after the last failure, and familiar addresses after a while too', () => {
    const { clock, instance } = throttle({ pairFreeFailures: 1, addressFreeFailures: 1, familiarForMs: 7_200_000 });
    for (let i = 0; i < 50; i++) instance.recordFailure(`user-${i}@x.example`, `10.0.1.${i}`);
    instance.recordSuccess(OWNER, '10.0.0.1');
    expect(instance.trackedKeys).toEqual({ pairs: 50, addresses: 50, familiar: 1 });
    clock.now += 3_600_000;
    for (let i = 0; i < 50; i++) expect(instance.check(`user-${i}@x.example`, `10.0.1.${i}`)).toBeNull();
    expect(instance.trackedKeys).toEqual({ pairs: 0, addresses: 0, familiar: 1 });
    clock.now += 3_600_000;
    instance.recordFailure('a@x.example', '10.0.0.1');
    instance.recordFailure('b@x.example', '10.0.0.1');
    // no longer familiar: the address's failures count for the owner again
    expect(instance.check(OWNER, '10.0.0.1')).not.toBeNull();
  });
});
