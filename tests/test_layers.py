"""The package's layers, as the README's table states them, are the layers the code keeps (issue #23): every
module is in the table, and no module imports from a layer below its own."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "peacebook"


def readme_layers() -> dict[str, int]:
    """Each module of the README's package table, with its layer's number (0 is the top)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("### The package") : text.index("## Development")]
    modules = {path.stem for path in PACKAGE.glob("*.py")} | {"charts"}
    layers: dict[str, int] = {}
    number = -1
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("layer", "---"):
            continue
        if cells[0]:
            number += 1
        named = re.findall(r"`([a-z_]+)/?`", cells[1])
        if not cells[1].endswith("/`"):  # a module's parts named in its description (a package's are its own)
            named += [name for name in re.findall(r"`([a-z_]+)`", cells[2]) if name in modules]
        for name in named:
            layers.setdefault(name, number)
    return layers


def imports(path: Path, inside_charts: bool) -> set[str]:
    """The package's modules a file imports (relative imports, at any depth of the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        to_package = node.level == (2 if inside_charts else 1)
        if not to_package:
            found.add("charts")  # inside the charts package: its own modules
        elif node.module:
            found.add(node.module.split(".")[0])
        else:
            found.update(alias.name for alias in node.names)
    return found


def test_every_module_is_in_the_readmes_table():
    layers = readme_layers()
    unlisted = {path.stem for path in PACKAGE.glob("*.py")} - set(layers) - {"__init__"}
    assert not unlisted, f"add {sorted(unlisted)} to the package table in README.md"
    assert layers["data"] == 0 and layers["workshop"] == max(layers.values())


def test_no_module_imports_from_a_layer_below_its_own():
    layers = readme_layers()
    files = [(path, path.stem, False) for path in PACKAGE.glob("*.py") if path.stem != "__init__"]
    files += [(path, "charts", True) for path in (PACKAGE / "charts").glob("*.py")]
    wrong = [
        f"{path.relative_to(ROOT)} ({name}) imports {used}"
        for path, name, inside_charts in files
        for used in imports(path, inside_charts)
        if used in layers and layers[used] > layers[name]
    ]
    assert not wrong, wrong


def test_the_check_catches_an_import_from_below(tmp_path):
    """The check can fail: the model importing a view is caught."""
    layers = readme_layers()
    bad = tmp_path / "settlement.py"
    bad.write_text("from .workshop import WorkshopApp\n", encoding="utf-8")
    assert any(layers[used] > layers["settlement"] for used in imports(bad, inside_charts=False))
