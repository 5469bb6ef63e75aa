#!/usr/bin/env bash
# SeaweedFS's `weed` (Apache-2.0), the S3-compatible server the blob-store and S3-source suites run
# against (test/support/seaweed.ts), built from its Go module at a pinned version into
# .tools/bin/weed. `go install module@version` refuses this module (its go.mod has a replace
# directive), so: the Go module proxy's copy of the module (`go mod download`), built as the main
# module. Cached: a .tools/bin/weed of the pinned version skips the build (minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."

SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
target=.tools/bin/weed
stamp=.tools/bin/weed.version

if [ -x "$target" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$SEAWEEDFS_VERSION" ]; then
  exit 0
fi
# The official Go tarball's place, when it is not on PATH.
[ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"
if ! command -v go >/dev/null 2>&1; then
  echo "[install-seaweedfs] Go is needed to build SeaweedFS's weed (Debian: apt-get install golang-go, Go 1.26 or later; or https://go.dev/dl)" >&2
  exit 1
fi

echo "[install-seaweedfs] building weed from $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION"
start=$(date +%s)
dir=$(go mod download -json "$SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir/weed" ]; then
  echo "[install-seaweedfs] go mod download of $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION gave no source directory" >&2
  exit 1
fi
mkdir -p .tools/bin
out="$PWD/$target"
(cd "$dir" && go build -trimpath -ldflags '-s -w' -o "$out.tmp" ./weed)
mv "$out.tmp" "$out"
echo "$SEAWEEDFS_VERSION" >"$stamp"
echo "[install-seaweedfs] weed ready in $(($(date +%s) - start)) s: $("$target" version 2>/dev/null | head -1)"
