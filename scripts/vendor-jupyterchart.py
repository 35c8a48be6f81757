"""Write the front ends of the live notebook's charts and tables into peacebook/vendor/, which the package
installs where the Jupyter server serves them (pyproject.toml; peacebook/html/rendering.py, served_front_end):

- jupyterchart-offline.js: altair's JupyterChart front end with vega, vega-lite and vega-embed bundled in, so
  charts draw in JupyterLab with no internet. It is exactly what `alt.JupyterChart.enable_offline()` builds
  (with vl-convert-python, pinned in requirements-dev.txt), built once here and shipped with the package instead
  of at every kernel start, where it takes about 7 s;
- itables-widget.js and .css: itables' widget front end, DataTables bundled in, copied from the pinned itables.

Run it after bumping altair, vl-convert-python or itables (scripts/vendor-js.sh does), then commit the files;
tests/test_rendering.py and tests/test_live_tables.py check that they still match.
"""

import shutil
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


def copy_itables() -> list[Path]:
    import itables.widget

    static = Path(itables.widget.__file__).parent / "static"
    copies = [OUT.parent / "itables-widget.js", OUT.parent / "itables-widget.css"]
    for shipped, copy in zip(("widget.js", "widget.css"), copies):
        shutil.copyfile(static / shipped, copy)
    return copies


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(bundle(), encoding="utf-8")
    for path in [OUT, *copy_itables()]:
        print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)", file=sys.stderr)
