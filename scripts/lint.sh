#!/usr/bin/env bash
# `npm run lint`: type-check the server, tests and browser client; ESLint (with the layer rule); Prettier.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
if compgen -G 'src/web/client/*.ts' >/dev/null; then npx tsc -p src/web/client/tsconfig.json; fi
if [ -f src/web/client/tsconfig.test.json ]; then npx tsc -p src/web/client/tsconfig.test.json; fi
npx eslint .
npx prettier --check . --log-level warn
