#!/bin/sh
# `npm test`: every check, inside a private keyring (see with-keyring.sh).
set -e
if [ -z "${TEAM_SAFE_PRIVATE_KEYRING:-}" ]; then
  exec sh "$(dirname "$0")/with-keyring.sh" sh "$0"
fi
npm run typecheck
npm run lint
npm run electronegativity
npm run build
node scripts/run-tests.ts
