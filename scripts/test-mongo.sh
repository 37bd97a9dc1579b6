#!/usr/bin/env bash
# npm run test:mongo [-- vitest args]: the whole suite with the MongoDB suites required. Uses MONGODB_URI
# if it is set; otherwise starts FerretDB (scripts/ferretdb.sh, needs `go`) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export REQUIRE_MONGO=1
if [[ -z "${MONGODB_URI:-}" ]]; then
  command -v go >/dev/null || {
    echo "test:mongo needs MONGODB_URI or Go (to build FerretDB); neither is here" >&2
    exit 1
  }
  export FERRETDB_STATE="${FERRETDB_STATE:-$PWD/.cache/ferretdb-test-mongo}"
  line=$(scripts/ferretdb.sh start)
  trap 'scripts/ferretdb.sh stop' EXIT
  export MONGODB_URI="${line#MONGODB_URI=}"
fi
npx vitest run "$@"
