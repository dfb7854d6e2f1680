#!/usr/bin/env bash
# Issue 10, defect 0: the suites pass whatever the hour. Runs the gateway suites and the embedded scenarios
# with the clock of every process (jest, PGlite in it, and the service processes it starts) set by libfaketime
# to a night hour in Texas and to a day hour. The clock runs on from there; monotonic clocks are left alone
# (timers, kafkajs and librdkafka keep real time). PostgreSQL (a server started outside) keeps real time.
#
# Usage: bash scripts/ci-at-hours.sh [suite ...]   (default: the suites below)
# Hours: CI_HOURS="2026-12-02 06:00:00|2026-12-02 18:00:00" (06:00 UTC is midnight in Texas, 18:00 UTC noon).
set -euo pipefail
cd "$(dirname "$0")/.."

lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1 || true)
if [ -z "$lib" ]; then
  echo "ci-at-hours: libfaketime is missing: apt-get install -y faketime (scripts/setup-test-env.sh installs it)" >&2
  exit 1
fi
suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
  suites=(
    services/channel-gateway/test/channel-gateway.int.spec.ts
    services/channel-gateway/test/dev-channel.int.spec.ts
    services/channel-gateway/test/numbers.int.spec.ts
    services/embedded/test/embedded-flow.int.spec.ts
    services/embedded/test/scenarios-embedded.int.spec.ts
  )
fi
IFS='|' read -r -a hours <<< "${CI_HOURS:-2026-12-02 06:00:00|2026-12-02 18:00:00}"
status=0
for hour in "${hours[@]}"; do
  started=$(date +%s)
  echo "ci-at-hours: the clock at $hour UTC ($(TZ=America/Chicago date -d "$hour UTC" '+%H:%M in Texas'))"
  if ! env FAKETIME="@$hour" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$lib" BATON_TEST_KIND=int \
      NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" \
      npx jest --runInBand --forceExit "${suites[@]}"; then
    echo "ci-at-hours: FAILED with the clock at $hour UTC" >&2
    status=1
  fi
  echo "ci-at-hours: $hour took $(( $(date +%s) - started )) s"
done
exit $status
