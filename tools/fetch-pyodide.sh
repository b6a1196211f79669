#!/usr/bin/env bash
# The Pyodide core from the npm registry (`npm pack`: the tarball only, no dependencies),
# checked against a pinned sha256 and unpacked into the cache. Skipped when already there.
set -euo pipefail
version="$1" sha256="$2" out="$3"
if [ -f "$out/pyodide.mjs" ] && [ -f "$out/.sha256" ] && [ "$(cat "$out/.sha256")" = "$sha256" ]; then
  exit 0
fi
npm_dir="$(dirname "$out")/npm"
mkdir -p "$npm_dir"
tgz="$npm_dir/pyodide-$version.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$npm_dir" && npm pack --silent "pyodide@$version" >/dev/null)
fi
echo "$sha256  $tgz" | sha256sum --check --quiet || { echo "pyodide $version: checksum mismatch" >&2; rm -f "$tgz"; exit 1; }
rm -rf "$out" && mkdir -p "$out"
tar -xzf "$tgz" --strip-components=1 -C "$out"
echo "$sha256" > "$out/.sha256"
echo "pyodide $version core in $out"
