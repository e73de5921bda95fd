#!/usr/bin/env bash
# Refresh the JavaScript libraries vendored under docs/assets/vendor/ from the npm registry:
# download the pinned package, check its integrity hash (the registry's sha512), copy the file
# the site loads and its licence, and record the copied file's sha256 (tests compare it).
# Never a CDN: the site serves these files itself, and loads them only when they are needed.
set -euo pipefail
cd "$(dirname "$0")/.."

# name version integrity(sha512 of the tarball, as `npm view NAME@VERSION dist.integrity` prints) file-in-package
PACKAGES=(
  "fflate 0.8.3 sha512-tbZNuJrLwGUp3zshBtdy4W+ORxZuIh8a5ilyIEQDC5rY1f3U20JMry0Ll3WBzU58EZKsEuJFXhb5gwv8CsPvgA== esm/browser.js"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for entry in "${PACKAGES[@]}"; do
  read -r name version integrity file <<<"$entry"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$work/$name-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "Sai mã kiểm tra của $name@$version: $actual (cần $integrity)" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar -xzf "$tarball" -C "$work/$name"
  target="docs/assets/vendor/$name"
  mkdir -p "$target"
  cp "$work/$name/package/$file" "$target/$(basename "$file")"
  cp "$work/$name/package/LICENSE" "$target/LICENSE"
  (cd "$target" && sha256sum "$(basename "$file")" > SHA256SUMS && echo "$name@$version $integrity" > VERSION)
  echo "$name@$version → $target ($(basename "$file"))"
done
