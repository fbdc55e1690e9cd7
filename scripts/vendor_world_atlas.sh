#!/usr/bin/env bash
# Vendor Natural Earth country outlines (npm package world-atlas) and the
# topojson-client decoder into the web app's static folder, so the map works
# offline with no tile server and no CDN. Re-run to update; the copied files
# are committed so a plain `pip install` works without npm.
#
# Usage: scripts/vendor_world_atlas.sh [DEST]   (default src/newsledger/web/static)
set -euo pipefail

ATLAS_VERSION="${WORLD_ATLAS_VERSION:-2.0.2}"
TOPOJSON_VERSION="${TOPOJSON_CLIENT_VERSION:-3.1.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$ROOT/src/newsledger/web/static}"

command -v npm >/dev/null || { echo "vendor_world_atlas: npm not found (apt-get install -y npm)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "world-atlas@$ATLAS_VERSION" "topojson-client@$TOPOJSON_VERSION" >/dev/null
mkdir atlas topo
tar -xzf "world-atlas-$ATLAS_VERSION.tgz" -C atlas
tar -xzf "topojson-client-$TOPOJSON_VERSION.tgz" -C topo

mkdir -p "$DEST"
cp atlas/package/countries-110m.json "$DEST/countries-110m.json"
cp atlas/package/LICENSE "$DEST/world-atlas.LICENSE"
cp topo/package/dist/topojson-client.min.js "$DEST/topojson-client.min.js"
cp topo/package/LICENSE "$DEST/topojson-client.LICENSE"
echo "vendored world-atlas $ATLAS_VERSION and topojson-client $TOPOJSON_VERSION into $DEST"
