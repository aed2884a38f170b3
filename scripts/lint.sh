#!/usr/bin/env bash
# `npm run lint`: type-check the server, tests and browser client; ESLint (with the layer rule); Prettier.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
npx tsc -p src/web/client/tsconfig.json
npx tsc -p src/web/client/tsconfig.test.json
npx eslint .
npx prettier --check . --log-level warn
