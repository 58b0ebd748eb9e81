#!/usr/bin/env bash
# Builds Parley and runs every test project. Installs what the tests need when it is missing.
# Ends with one line, "N passed, M failed", the totals across all test projects.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  echo "PostgreSQL 15 server binaries are missing; installing them." >&2
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
fi

# The web client's end-to-end tests drive the machine's Chromium (Playwright never downloads one);
# the Frontend build runs npm ci for the SignalR browser client.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing what the web client's build and tests need: ${missing[*]}." >&2
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# tests/Ddp.Tests drives the DDP endpoint with DDP client libraries from npm (see its js/).
(cd tests/Ddp.Tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# The sample service in another stack (samples/billing-service) runs in its end-to-end test.
(cd samples/billing-service && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Orleans.sln -c Release --nologo -v quiet
set +e
dotnet test --solution Orleans.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Microsoft.Testing.Platform ends with one summary block for the whole solution.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without counting a test failure (crash, build error, no tests)
fi
echo "$passed passed, $failed failed"
exit "$status"
