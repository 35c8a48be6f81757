"""Write peacebook/vendor/jupyterchart-offline.js: altair's JupyterChart front end with vega, vega-lite and
vega-embed bundled in, so charts draw in JupyterLab with no internet.

It is exactly what `alt.JupyterChart.enable_offline()` builds (with vl-convert-python, pinned in
requirements-dev.txt), built once here and shipped with the package instead of at every kernel start, where
it takes about 7 s. Run it after bumping altair or vl-convert-python (scripts/vendor-js.sh does), then commit
the file; tests/test_rendering.py checks that it still matches.
"""

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "peacebook" / "vendor" / "jupyterchart-offline.js"


def bundle() -> str:
    import altair as alt

    alt.JupyterChart.enable_offline()
    try:
        return alt.JupyterChart._esm
    finally:
        alt.JupyterChart.enable_offline(False)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(bundle(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)", file=sys.stderr)
