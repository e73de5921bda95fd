#!/usr/bin/env bash
# Refresh the JavaScript libraries vendored under docs/assets/vendor/ from the npm registry:
# download the pinned package, check its integrity hash (the registry's sha512), copy the files
# the site loads and their licence, and record the copied files' sha256 (tests compare them).
# Never a CDN: the site serves these files itself, and loads them only when they are needed.
set -euo pipefail
cd "$(dirname "$0")/.."

# name version integrity(sha512 of the tarball, as `npm view NAME@VERSION dist.integrity` prints)
# files-in-package (comma-separated globs) licence-in-package ("-": the package ships none, the
# upstream repository's LICENSE is kept in the folder and the package's licence field is checked)
PACKAGES=(
  "fflate 0.8.3 sha512-tbZNuJrLwGUp3zshBtdy4W+ORxZuIh8a5ilyIEQDC5rY1f3U20JMry0Ll3WBzU58EZKsEuJFXhb5gwv8CsPvgA== esm/browser.js LICENSE"
  # The editing page reads data files in house style (quan-tri.js); Decap's own YAML parser is not exposed.
  "js-yaml 4.1.1 sha512-qQKT4zQxXl8lLwBtHMWwaTcGfFOZviOJet3Oy/xmGk2gZH677CJM9EvtfdSkgWcATZhj/55JZ0rmy3myCT5lsA== dist/js-yaml.min.js LICENSE"
  # The editing page (quan-tri/): the main bundle, the chunks it loads on demand and the WebP
  # encoder's WebAssembly; not the 66 MB of source maps, nor the same build again as cms.js.
  "decap-cms 3.16.3 sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw== dist/decap-cms.js,dist/*.decap-cms.js,dist/*.wasm,dist/decap-cms.js.LICENSE.txt -"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for entry in "${PACKAGES[@]}"; do
  read -r name version integrity files licence <<<"$entry"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$work/$name-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "Sai mã kiểm tra của $name@$version: $actual (cần $integrity)" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar -xzf "$tarball" -C "$work/$name"
  package="$work/$name/package"
  target="docs/assets/vendor/$name"
  mkdir -p "$target"
  find "$target" -maxdepth 1 -type f ! -name LICENSE -delete  # files of an older version go
  copied=()
  IFS=, read -ra globs <<<"$files"
  for glob in "${globs[@]}"; do
    for file in $package/$glob; do
      [ -f "$file" ] || { echo "Không có $glob trong $name@$version" >&2; exit 1; }
      cp "$file" "$target/"
      copied+=("$(basename "$file")")
    done
  done
  if [ "$licence" = - ]; then
    grep -q '"license": "MIT"' "$package/package.json" || { echo "$name@$version không còn giấy phép MIT: xem lại $target/LICENSE" >&2; exit 1; }
    [ -f "$target/LICENSE" ] || { echo "Thiếu $target/LICENSE (chép từ kho mã của $name)" >&2; exit 1; }
  else
    cp "$package/$licence" "$target/LICENSE"
  fi
  (cd "$target" && printf '%s\n' "${copied[@]}" | sort | xargs sha256sum > SHA256SUMS && echo "$name@$version $integrity" > VERSION)
  echo "$name@$version → $target (${#copied[@]} tệp)"
done
