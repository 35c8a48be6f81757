#!/usr/bin/env bash
# Refresh the JavaScript the built book serves itself, so it works with no internet.
# A maintainer runs this after bumping altair or ipywidgets, then commits _vendor/.
# Versions must match what the installed altair expects; the build checks this (_ext/offline_assets.py):
#   python -c "from altair.vegalite.v6 import display as d; print(d.VEGA_VERSION, d.VEGALITE_VERSION, d.VEGAEMBED_VERSION)"
set -euo pipefail
VEGA=6.4.0 VEGA_LITE=6.4.1 VEGA_EMBED=7.3.0 HTML_MANAGER=1.0.15
DEST="$(realpath "${1:-$(dirname "$0")/../_vendor}")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$tmp" && npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
  "vega@$VEGA" "vega-lite@$VEGA_LITE" "vega-embed@$VEGA_EMBED" "@jupyter-widgets/html-manager@$HTML_MANAGER" >/dev/null
rm -rf "$DEST/vega" "$DEST/html-manager"; mkdir -p "$DEST/vega" "$DEST/html-manager"
nm=node_modules
cp $nm/vega/build/vega.min.js $nm/vega-lite/build/vega-lite.min.js $nm/vega-embed/build/vega-embed.min.js "$DEST/vega/"
for p in vega vega-lite vega-embed; do cp "$nm/$p/LICENSE" "$DEST/vega/LICENSE.$p"; done
# The non-AMD bundle: it renders the standard widgets without require.js (which would pull altair back to the CDN).
hm=$nm/@jupyter-widgets/html-manager
cp $hm/dist/embed.js $hm/dist/embed.js.LICENSE.txt $hm/dist/*.woff $hm/dist/*.woff2 $hm/dist/*.ttf $hm/dist/*.eot $hm/dist/*.svg "$DEST/html-manager/"
# The package ships no licence file; record the licence its package.json declares.
node -e 'const p=require(process.argv[1]); console.log(p.name+" "+p.version+": licence "+p.license+" (declared in its package.json; bundled third-party licences are in embed.js.LICENSE.txt)")' \
  "$(pwd)/$hm/package.json" > "$DEST/html-manager/LICENSE"
printf 'vega %s\nvega-lite %s\nvega-embed %s\n@jupyter-widgets/html-manager %s\n' "$VEGA" "$VEGA_LITE" "$VEGA_EMBED" "$HTML_MANAGER" > "$DEST/VERSIONS"
du -sh "$DEST"/*
# altair's JupyterChart front end with vega bundled in, for charts in JupyterLab with no internet (needs
# vl-convert-python, pinned in requirements-dev.txt).
"$(dirname "$0")/../.venv/bin/python" "$(dirname "$0")/vendor-jupyterchart.py"
