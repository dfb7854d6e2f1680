#!/usr/bin/env bash
# What the integration suites need on this machine: gcc and librdkafka-dev (the Kafka mock cluster),
# radicale (a real CalDAV server for scheduling's calendar suite), faketime (the suites at other hours), chromium (the
# console's browser tests), nginx (the compose front door's routing suite) and
# PostgreSQL on 127.0.0.1:5432.
# Installs or starts what is missing; says so when it cannot.
set -euo pipefail

# Debian packages the suites need, each with why; what is missing is installed in one apt-get run.
missing=()
why=()
need() { missing+=("${@:2}"); why+=("$1"); }
command -v gcc >/dev/null && pkg-config --exists rdkafka 2>/dev/null || need "the Kafka mock cluster" gcc pkg-config librdkafka-dev
command -v radicale >/dev/null || need "scheduling's CalDAV suite" radicale
ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || need "the suites at a night and a day hour (scripts/ci-at-hours.sh)" faketime
command -v chromium >/dev/null || need "the console's browser tests (playwright-core drives it)" chromium
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need "the compose front door's routes (deploy/compose)" nginx
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]} (for $(IFS=';'; echo "${why[*]}" | sed 's/;/, /g'))"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}, needed for $(IFS=';'; echo "${why[*]}" | sed 's/;/, /g'): apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432); then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "setup: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "setup: PostgreSQL is up on 127.0.0.1:5432"
else
  echo "setup: no PostgreSQL on 127.0.0.1:5432; suites that need a server will fail (set BATON_TEST_DATABASE_URL)" >&2
fi
