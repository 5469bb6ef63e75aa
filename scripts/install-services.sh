#!/usr/bin/env bash
# The system services Keel's tests and production set-up run for real: the NATS broker (with
# JetStream) of the stream bus, from Debian's packages. Idempotent: installs only what is missing;
# as root directly, otherwise through sudo.
set -euo pipefail

have_nats() {
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || [ -x /usr/bin/nats-server ]
}

if have_nats; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "[install-services] nats-server is missing and apt-get is not available: install nats-server (https://nats.io) and put it on PATH" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "[install-services] nats-server is missing: run this script as root (or install sudo), or apt-get install -y nats-server" >&2
  exit 1
fi

echo "[install-services] installing nats-server (Debian package)"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nats-server
have_nats
