/** The truth-telling API client lives in testkit/, shared with the benchmark (which may not import test/). */
export * from '../../testkit/api.ts';
