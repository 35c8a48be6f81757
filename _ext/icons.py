"""The theme's icons without its 1.5 MB script (issue #31).

pydata-sphinx-theme loads `_static/scripts/fontawesome.js` on every page: Font Awesome's script with all of its
2,000 icons (1.49 MB, 0.54 MB compressed), which turns each `<i class="fa-solid fa-bars">` into an inline SVG.
The book's pages use about twenty. After the build this writes, in its place, a script of a few kB that draws
only the icons the built pages and the theme's scripts name, with the same drawings, taken from the theme's own
copy (Font Awesome Free: icons CC BY 4.0, code MIT, as its licence file in _static/scripts/ says). Pages keep
their <script> tag. Without scripts the theme's CSS still draws them from its webfonts.

A theme update that changes the script's layout gives a build warning (fatal under -W) rather than pages
without icons; tests/test_reading_two.py checks that every icon on a page is drawn.
"""

import json
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

SCRIPT = Path("_static", "scripts", "fontawesome.js")
# Each icon pack is an object literal of `name:[width,height,[aliases],"unicode","path"]`, registered by
# a call such as d("fas",p) right after it.
_PACK_END = re.compile(r'\b[a-zA-Z]\("(fa[brs])",[a-zA-Z]+\)')
_ICON = re.compile(r'(?:"([a-z0-9-]+)"|\b([a-z0-9]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]*)"\]')
STYLES = {
    "fa": "fas",
    "fas": "fas",
    "fa-solid": "fas",
    "far": "far",
    "fa-regular": "far",
    "fab": "fab",
    "fa-brands": "fab",
}
_CLASSES = re.compile(
    r"""class=(["'])([^"']*\bfa[a-z-]*[^"']*)\1|["']((?:fa-solid|fa-regular|fa-brands|fa[srb]) fa-[a-z0-9 -]+)["']"""
)


def icon_packs(source: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """The icons of Font Awesome's script, by style ("fas", "far", "fab") and name."""
    packs, start = {}, 0
    for end in _PACK_END.finditer(source):
        style = end.group(1)
        if style not in packs:
            packs[style] = {
                m.group(1) or m.group(2): (int(m.group(3)), int(m.group(4)), m.group(5))
                for m in _ICON.finditer(source, start, end.start())
            }
        start = end.end()
    return packs


def icons_named(text: str) -> set[tuple[str, str]]:
    """(style, name) of every Font Awesome class list in an HTML page or a script.

    >>> sorted(icons_named('<i class="fa-solid fa-bars fa-lg"></i> <i class="fab fa-github"></i>'))
    [('fab', 'fa-github'), ('fas', 'fa-bars'), ('fas', 'fa-lg')]
    """
    found = set()
    for match in _CLASSES.finditer(text):
        classes = (match.group(2) or match.group(3)).split()
        style = next((STYLES[c] for c in classes if c in STYLES), "fas")
        found |= {(style, c) for c in classes if c.startswith("fa-") and c not in STYLES}
    return found


def subset_script(packs: dict, wanted: set[tuple[str, str]]) -> tuple[str, set]:
    """The script that draws the `wanted` icons found in `packs`, and the wanted names it lacks (modifiers such
    as fa-lg, or icons missing from the packs)."""
    icons = {}
    for style, name in sorted(wanted):
        icon = packs.get(style, {}).get(name[3:])
        if icon:
            icons[f"{style} {name[3:]}"] = list(icon)
    missing = {n for s, n in wanted if f"{s} {n[3:]}" not in icons}
    return TEMPLATE.replace("ICONS_JSON", json.dumps(icons, separators=(",", ":"))), missing


TEMPLATE = """/* The icons the book's pages use, from Font Awesome Free (icons CC BY 4.0, code MIT: see
   fontawesome.js.LICENSE.txt), drawn as Font Awesome's own script would draw them: each <i class="fa-...">
   (or <span>) becomes an inline SVG. Written by _ext/icons.py in place of the theme's script of every icon. */
(function () {
  "use strict";
  var ICONS = ICONS_JSON;
  var STYLES = {"fa": "fas", "fas": "fas", "fa-solid": "fas", "far": "far", "fa-regular": "far", "fab": "fab", "fa-brands": "fab"};
  var SVG = "http://www.w3.org/2000/svg";
  var css = document.createElement("style");
  css.textContent = ".svg-inline--fa{display:var(--fa-display,inline-block);height:1em;overflow:visible;" +
    "vertical-align:-.125em;box-sizing:content-box}.svg-inline--fa.fa-lg{vertical-align:-.2em}" +
    ".svg-inline--fa.fa-fw{width:var(--fa-fw-width,1.25em)}";
  document.head.appendChild(css);

  function draw(i) {
    var style = "fas", icon = null;
    i.classList.forEach(function (c) { if (STYLES[c]) style = STYLES[c]; });
    i.classList.forEach(function (c) { if (!icon && c.indexOf("fa-") === 0) icon = ICONS[style + " " + c.slice(3)]; });
    if (!icon) return;
    var svg = document.createElementNS(SVG, "svg");
    Array.prototype.forEach.call(i.attributes, function (a) { svg.setAttribute(a.name, a.value); });
    svg.setAttribute("class", i.getAttribute("class") + " svg-inline--fa");
    svg.setAttribute("viewBox", "0 0 " + icon[0] + " " + icon[1]);
    svg.setAttribute("role", "img");
    svg.setAttribute("focusable", "false");
    if (!i.hasAttribute("aria-label")) svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", icon[2]);
    svg.appendChild(path);
    i.replaceWith(svg);
  }
  // Any element of Font Awesome's classes, as its own script finds them (the theme's ☰ is a <span>).
  var ICON_ELEMENTS = ".fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands";
  function drawIn(root) {
    root.querySelectorAll(ICON_ELEMENTS).forEach(function (e) { if (e.namespaceURI !== SVG) draw(e); });
  }
  drawIn(document);
  new MutationObserver(function (changes) {  // the theme's scripts add icons later (the search box's close button)
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.namespaceURI === SVG) return;
        if (node.matches(ICON_ELEMENTS)) draw(node); else drawIn(node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
"""


def _theme_script() -> Path:
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / SCRIPT.name
    )


def _write_subset(app, exception):
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    wanted = set()
    for page in out.rglob("*.html"):
        if "_static" not in page.parts:
            wanted |= icons_named(page.read_text(encoding="utf-8", errors="replace"))
    for script in (out / SCRIPT.parent).glob("*.js"):
        if script.name != SCRIPT.name:
            wanted |= icons_named(script.read_text(encoding="utf-8", errors="replace"))
    packs = icon_packs(_theme_script().read_text(encoding="utf-8"))
    script, missing = subset_script(packs, wanted)
    drawn = len(wanted) - len(missing)
    if not packs.get("fas") or not drawn:
        logger.warning("icons: could not read the icons of the theme's fontawesome.js; pages keep the full script")
        return
    (out / SCRIPT).write_text(script, encoding="utf-8")
    (out / SCRIPT.with_suffix(".js.map")).unlink(missing_ok=True)  # the map was for the full script
    logger.info("icons: %d drawn by a %d kB fontawesome.js", drawn, len(script) // 1000)


def setup(app):
    app.connect("build-finished", _write_subset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
