"""The package's layers are its folders (issues #23 and #34): peacebook/ holds only the layer folders, in the order
LAYERS in peacebook/__init__.py declares; no module imports from a layer after its own; the imports, drawn from the
code, make no circle; and the README's package table lists each folder's modules as they are.

Each check runs on a package's files, so each is also shown to fail on a copy of the package with a planted fault."""

import ast
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "peacebook"


def declared_layers(package: Path = PACKAGE) -> tuple[str, ...]:
    """LAYERS in the package's __init__.py, read without importing the package."""
    for node in ast.parse((package / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LAYERS" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("peacebook/__init__.py declares no LAYERS")


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its __init__.py): peacebook.data.cells."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules a module imports: absolute and relative imports, at any depth of the file (inside
    functions too). `from .x import y` imports module x.y when there is one, else x; `from . import x` imports x.
    (A module's own packages, which Python runs before it, are not counted as imported: a package's __init__.py
    may gather its modules as long as they never import the package's name.)"""
    root = name.split(".")[0]
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # import peacebook.data.cells as c: the module itself
                target = target.rpartition(".")[0]
            if target.split(".")[0] == root and target:
                found.add(target)
    found.discard(name)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imports(name, path, known) for name, path in known.items()}


def layer_of(module: str, layers: tuple[str, ...]) -> int | None:
    parts = module.split(".")
    return layers.index(parts[1]) if len(parts) > 1 and parts[1] in layers else None


def imports_against_the_layers(package: Path = PACKAGE) -> list[str]:
    layers = declared_layers(package)
    wrong = []
    for module, used in sorted(import_graph(package).items()):
        own = layer_of(module, layers)
        for target in sorted(used):
            theirs = layer_of(target, layers)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{module} ({layers[own]}) imports {target} ({layers[theirs]}), a later layer")
    return wrong


def a_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (its modules in order, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while its imports are being followed, then "done"
    path: list[str] = []

    def follow(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (circle := follow(target)):
                return circle
        state[module] = "done"
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state and (circle := follow(module)):
            return circle
    return None


def readme_table(text: str) -> list[tuple[str, list[str]]]:
    """The README's package table as (folder, its modules) in the table's order."""
    table = text[text.index("### The package") : text.index("## Development")]
    found: list[tuple[str, list[str]]] = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("layer", "---"):
            continue
        if cells[0]:
            found.append((re.search(r"`peacebook/([a-z_]+)/`", cells[0])[1], []))
        found[-1][1].extend(re.findall(r"`([a-z_]+)`", cells[1]))
    return found


def folder_modules(package: Path = PACKAGE) -> list[tuple[str, list[str]]]:
    return [
        (layer, sorted(p.stem for p in (package / layer).glob("*.py") if p.stem != "__init__"))
        for layer in declared_layers(package)
    ]


def readme_mismatches(text: str, package: Path = PACKAGE) -> list[str]:
    listed = readme_table(text)
    wrong = []
    if [folder for folder, _ in listed] != list(declared_layers(package)):
        wrong.append(f"the table's layers {[f for f, _ in listed]} are not LAYERS {declared_layers(package)}")
    for (folder, names), (_, files) in zip(listed, folder_modules(package)):
        if sorted(names) != files:
            wrong.append(f"peacebook/{folder}/: the table lists {sorted(names)}, the folder holds {files}")
    return wrong


@pytest.fixture
def copy_of_the_package(tmp_path) -> Path:
    copy = tmp_path / "peacebook"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    return copy


def plant(path: Path, code: str) -> None:
    """Add an import inside a new function at the end of a module (an import at any depth counts)."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n\ndef _planted():\n    {code}\n", encoding="utf-8")


# --- the folders ------------------------------------------------------------------------------------------------


def test_the_package_holds_only_its_layer_folders_in_the_declared_order():
    assert [p.name for p in PACKAGE.glob("*.py")] == ["__init__.py"], "put each module in its layer's folder"
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders == set(declared_layers()), "every folder is a layer in LAYERS (peacebook/__init__.py), and back"
    assert declared_layers()[0] == "data" and declared_layers()[-1] == "views"


def test_each_layers_init_says_what_the_layer_is_and_what_it_may_import():
    layers = declared_layers()
    for number, layer in enumerate(layers):
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 2, f"peacebook/{layer}/__init__.py: say it in two lines"
        may = doc.splitlines()[1]
        assert may.startswith("May import"), f"peacebook/{layer}/__init__.py: its second line says what it may import"
        if number == 0:
            assert "nothing else of peacebook" in may
        elif number == len(layers) - 1:
            assert "every other layer" in may
        else:
            assert set(re.findall(r"peacebook\.(\w+)", may)) == set(layers[:number]), (layer, may)


# --- the layers ---------------------------------------------------------------------------------------------------


def test_no_module_imports_from_a_later_layer():
    assert imports_against_the_layers() == []


def test_the_layer_check_catches_an_import_from_a_later_layer(copy_of_the_package):
    """The model importing a view, inside a function, is caught."""
    plant(copy_of_the_package / "model" / "settlement.py", "from ..views.workshop import WorkshopApp")
    assert imports_against_the_layers(copy_of_the_package) == [
        "peacebook.model.settlement (model) imports peacebook.views.workshop (views), a later layer"
    ]


def test_the_imports_are_read_in_every_form(copy_of_the_package):
    plant(
        copy_of_the_package / "html" / "rendering.py",
        "from .. import data; from ..model import compare; import peacebook.files.storage; from . import table_cells",
    )
    graph = import_graph(copy_of_the_package)
    assert {
        "peacebook.data",
        "peacebook.model.compare",
        "peacebook.files.storage",
        "peacebook.html.table_cells",
    } <= graph["peacebook.html.rendering"]
    assert "peacebook.data.cells" in graph["peacebook.data.loading"]  # from .cells import x
    assert "peacebook.data.loading" in graph["peacebook.data"]  # a package's __init__.py is a module too


# --- no circle ----------------------------------------------------------------------------------------------------


def test_the_imports_make_no_circle():
    assert a_circle(import_graph()) is None


def test_the_circle_check_finds_a_planted_circle(copy_of_the_package):
    """loading running the editorial checks again, as it did before issue #34, closes a circle: editorial reads
    loading."""
    plant(copy_of_the_package / "data" / "loading.py", "from . import editorial")
    circle = a_circle(import_graph(copy_of_the_package))
    assert circle[0] == circle[-1] and sorted(circle[1:]) == ["peacebook.data.editorial", "peacebook.data.loading"]


def test_a_module_importing_its_own_layers_package_is_a_circle_too(copy_of_the_package):
    """The data package gathers its modules, so a module of the layer must never import the package."""
    plant(copy_of_the_package / "data" / "vocabulary.py", "from peacebook import data")
    assert a_circle(import_graph(copy_of_the_package)) is not None


# --- the README -------------------------------------------------------------------------------------------------


def test_the_readmes_package_table_lists_each_folders_modules():
    assert readme_mismatches((ROOT / "README.md").read_text(encoding="utf-8")) == []


def test_the_readme_check_sees_a_module_missing_from_the_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| | `spreadsheet`"))
    assert readme_mismatches(text.replace(row + "\n", "")) != []


def test_contributings_tree_shows_the_layer_folders_in_order():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tree = text[text.index("  peacebook/\n") : text.index("```", text.index("  peacebook/\n"))]
    assert re.findall(r"^ {4}([a-z_]+)/ ", tree, re.M) == list(declared_layers())
