import { describe, expect, it } from 'vitest';
import { SignInRateLimiter } from '../../server/rate-limit.ts';

function limiter(options: { accountLimit?: number; addressLimit?: number } = {}) {
  const clock = { now: 1_000_000 };
  const instance = new SignInRateLimiter({ windowMs: 10_000, now: () => clock.now, ...options });
  return { clock, instance };
}

describe('SignInRateLimiter', () => {
  it('allows up to the account limit, then says how long to wait', () => {
    const { clock, instance } = limiter({ accountLimit: 3, addressLimit: 100 });
    for (let i = 0; i < 3; i++) {
      expect(instance.check('a@x.example', '10.0.0.1')).toBeNull();
      instance.recordFailure('a@x.example', '10.0.0.1');
      clock.now += 1000;
    }
    // failures at 0 s, 1 s, 2 s; now 3 s; the oldest leaves the 10 s window at 10 s
    expect(instance.check('A@X.example', '10.0.0.2')).toEqual({ retryAfterSeconds: 7 });
    expect(instance.check('b@x.example', '10.0.0.1')).toBeNull();
    clock.now += 6_999;
    expect(instance.check('a@x.example', '10.0.0.1')).toEqual({ retryAfterSeconds: 1 });
    clock.now += 1;
    expect(instance.check('a@x.example', '10.0.0.1')).toBeNull();
  });

  it('limits an address across accounts', () => {
    const { instance } = limiter({ accountLimit: 100, addressLimit: 2 });
    instance.recordFailure('a@x.example', '10.0.0.1');
    instance.recordFailure('b@x.example', '10.0.0.1');
    expect(instance.check('c@x.example', '10.0.0.1')).toEqual({ retryAfterSeconds: 10 });
    expect(instance.check('c@x.example', '10.0.0.2')).toBeNull();
  });

  it('clears the account on success and refunds the address charge', () => {
    const { instance } = limiter({ accountLimit: 2, addressLimit: 2 });
    instance.recordFailure('a@x.example', '10.0.0.1');
    instance.recordFailure('a@x.example', '10.0.0.1');
    expect(instance.check('a@x.example', '10.0.0.9')).not.toBeNull();
    instance.recordSuccess('a@x.example', '10.0.0.1');
    expect(instance.check('a@x.example', '10.0.0.9')).toBeNull();
    // one of the two address failures was refunded
    expect(instance.check('z@x.example', '10.0.0.1')).toBeNull();
    instance.recordFailure('z@x.example', '10.0.0.1');
    expect(instance.check('y@x.example', '10.0.0.1')).not.toBeNull();
  });

  it('forgets old failures', () => {
    const { clock, instance } = limiter({ accountLimit: 1, addressLimit: 1 });
    for (let i = 0; i < 50; i++) instance.recordFailure(`user-${i}@x.example`, `10.0.1.${i}`);
    expect(instance.trackedKeys).toEqual({ accounts: 50, addresses: 50 });
    clock.now += 10_001;
    for (let i = 0; i < 50; i++) expect(instance.check(`user-${i}@x.example`, `10.0.1.${i}`)).toBeNull();
    expect(instance.trackedKeys).toEqual({ accounts: 0, addresses: 0 });
  });
});
