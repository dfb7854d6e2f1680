#!/usr/bin/env bash
# What the integration suites need on this machine: gcc and librdkafka-dev (the Kafka mock cluster),
# radicale (a real CalDAV server for scheduling's calendar suite), faketime (the suites at other hours), chromium (the
# console's browser tests) and
# PostgreSQL on 127.0.0.1:5432.
# Installs or starts what is missing; says so when it cannot.
set -euo pipefail

if ! command -v gcc >/dev/null || ! pkg-config --exists rdkafka 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing gcc, pkg-config and librdkafka-dev"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc pkg-config librdkafka-dev >/dev/null
  else
    echo "setup: the Kafka mock needs gcc, pkg-config and librdkafka-dev: apt-get install -y gcc pkg-config librdkafka-dev" >&2
    exit 1
  fi
fi

if ! command -v radicale >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing radicale (CalDAV server for the calendar contract suite)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq radicale >/dev/null
  else
    echo "setup: scheduling's CalDAV suite needs radicale: apt-get install -y radicale" >&2
    exit 1
  fi
fi

# libfaketime: scripts/ci-at-hours.sh runs the suites with the clock at a night hour and a day hour in Texas.
if ! ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing faketime (the suites at a night and a day hour)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  else
    echo "setup: scripts/ci-at-hours.sh needs libfaketime: apt-get install -y faketime" >&2
    exit 1
  fi
fi

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing chromium (the console's browser tests drive it through playwright-core)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: the console's browser tests need Debian's chromium: apt-get install -y chromium" >&2
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
