#!/usr/bin/env bash
# The load benchmark's set of runs for issue 11, each writing its JSON to bench/results/:
#   <mode>-cost.json        cost per inbound at a fixed offered rate (embedded 5 msgs/s, distributed 8 msgs/s), and
#                           the idle rate (distributed: also at the production fetch wait, on a platform of its own)
#   <mode>-saturation.json  closed loop, many leads, no cap: the throughput the platform sustains
#   <mode>-at-80pct.json    offered at 80% of that saturation (as many leads as the cost run): webhook answer p99, handoff p99
#   summary.md              the table of all six (scripts/bench-summary.ts)
# Usage: bash scripts/bench-suite.sh [embedded|distributed ...]   (default: both)
# Durations: BENCH_DURATION (s, default 30), BENCH_IDLE (s, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
mkdir -p "$out"
duration=${BENCH_DURATION:-30}
idle=${BENCH_IDLE:-10}
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(embedded distributed)
bench() { node -r ./scripts/register.js scripts/bench.ts "$@" > /dev/null; }
for mode in "${modes[@]}"; do
  if [ "$mode" = embedded ]; then cost_rate=5; cost_leads=30; sat_leads=120; else cost_rate=8; cost_leads=60; sat_leads=160; fi
  echo "bench-suite: $mode, cost at $cost_rate msgs/s"
  # distributed: also the idle rate at the production fetch wait (the mock holds an empty fetch for the whole wait)
  bench --mode "$mode" --conversations "$cost_leads" --rate "$cost_rate" --duration "$duration" --warmup 5 --idle "$idle" --idle-fetch-wait 5000 --out "$out/$mode-cost.json"
  echo "bench-suite: $mode, saturation ($sat_leads leads, no cap)"
  bench --mode "$mode" --conversations "$sat_leads" --duration "$duration" --warmup 5 --idle "$idle" --out "$out/$mode-saturation.json"
  saturation=$(node -e "console.log(require('./$out/$mode-saturation.json').inbound.perSecond)")
  rate=$(node -e "console.log(Math.max(1, Math.round($saturation * 0.8 * 10) / 10))")
  echo "bench-suite: $mode saturates at $saturation msgs/s; offering $rate (80%)"
  # as many leads as the cost run: with more, the paced window ends before their handoff triggers (the 4th text)
  # leads out of step and a 10 s warm-up: the tail of a steady load, not of every lead reaching its handoff in the
  # same second, nor of the start-up backlog (code compiled, every lead's first conversation opened: 5-8 s to drain)
  bench --mode "$mode" --conversations "$cost_leads" --rate "$rate" --duration "$duration" --warmup 10 --out-of-step --idle "$idle" --out "$out/$mode-at-80pct.json"
done
# the table beside the JSON it was made from, so the two never disagree
node -r ./scripts/register.js scripts/bench-summary.ts "$out" | tee "$out/summary.md"
