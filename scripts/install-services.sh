#!/usr/bin/env bash
# The system services Keel's tests and production set-up run for real: the NATS broker (with
# JetStream) of the stream bus and PostgreSQL, from Debian's packages; the S3-compatible server
# (SeaweedFS's `weed`) built from its Go module into .tools/bin (scripts/install-seaweedfs.sh);
# Chromium for the console's browser tests.
# Idempotent: installs only what is missing; as root directly, otherwise through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

have_nats() {
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || [ -x /usr/bin/nats-server ]
}

# The test suites run initdb/pg_ctl themselves (test/support/postgres.ts): the server binaries,
# not a running system cluster, are what they need.
have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}

# The console's end-to-end tests (test/console/) drive Debian's Chromium through playwright-core.
have_chromium() {
  [ -x /usr/bin/chromium ]
}

missing=()
have_nats || missing+=(nats-server)
have_postgres || missing+=(postgresql)
have_chromium || missing+=(chromium)

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "[install-services] missing: ${missing[*]}, and apt-get is not available: install them (nats-server from https://nats.io, PostgreSQL 15 or later) and put them on PATH" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "[install-services] missing: ${missing[*]}: run this script as root (or install sudo), or apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[install-services] installing ${missing[*]} (Debian packages)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  have_nats
  have_postgres
  have_chromium
fi

scripts/install-seaweedfs.sh

# The Compose validator the deployment test runs (test/support/compose-config.ts): built once here
# so the test's own build is a cache hit.
[ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"
if command -v go >/dev/null 2>&1; then
  (cd scripts/compose-config && go build -o ../../.keel/test/compose-config .)
fi
