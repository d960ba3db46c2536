/** The seeded reference server lives in testkit/, shared with the benchmark (which may not import test/). */
export * from '../../testkit/server.ts';
