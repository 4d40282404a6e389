#!/usr/bin/env bash
# Refreshes static/vendor from the versions pinned in package.json (`make vendor`).
# The copied files are committed, so `make run` and `make test` never need Node or the network.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$top/package.json" "$work/"
(cd "$work" && npm install --no-audit --no-fund --silent)
nm="$work/node_modules"
dest="$top/static/vendor"
rm -rf "$dest" && mkdir -p "$dest/bootstrap/css" "$dest/bootstrap/js" "$dest/bootstrap-icons/fonts" "$dest/ibm-plex-sans-arabic/files"
for f in bootstrap.min.css bootstrap.min.css.map bootstrap.rtl.min.css bootstrap.rtl.min.css.map; do
  cp "$nm/bootstrap/dist/css/$f" "$dest/bootstrap/css/"
done
cp "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" "$nm/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$dest/bootstrap/js/"
cp "$nm/bootstrap/LICENSE" "$dest/bootstrap/"
cp "$nm/bootstrap-icons/font/bootstrap-icons.min.css" "$dest/bootstrap-icons/"
cp "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$dest/bootstrap-icons/fonts/"
cp "$nm/bootstrap-icons/LICENSE" "$dest/bootstrap-icons/"
for w in 400 500 600 700; do
  for subset in arabic latin; do
    cp "$nm/@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-$subset-$w-normal.woff2" "$dest/ibm-plex-sans-arabic/files/"
  done
done
# Arabic and Latin subsets only, in one stylesheet, so every url() in it names a shipped file. The
# rules come from the per-weight files, which carry each subset's unicode-range (the per-subset files
# do not, and without it the browser would fetch both faces for every text and mis-report fonts.check).
for w in 400 500 600 700; do
  awk -v RS= -v ORS='\n\n' '/ibm-plex-sans-arabic-(arabic|latin)-[0-9]+-normal \*\//' \
    "$nm/@fontsource/ibm-plex-sans-arabic/$w.css"
done > "$dest/ibm-plex-sans-arabic/ibm-plex-sans-arabic.css"
cp "$nm/@fontsource/ibm-plex-sans-arabic/LICENSE" "$dest/ibm-plex-sans-arabic/"
# Only the woff2 files are shipped: drop the woff fallbacks from the @font-face rules.
sed -i -E 's/, ?url\([^)]*\.woff\) format\(.woff.\)//g' "$dest/ibm-plex-sans-arabic/ibm-plex-sans-arabic.css"
node -e 'const p=require(process.argv[1]);console.log(JSON.stringify(p.dependencies,null,2))' "$top/package.json" > "$dest/VERSIONS.json"
echo "static/vendor refreshed"
