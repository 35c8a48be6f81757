"""Every code block in a chapter's text (exercise solutions, examples) runs without error in the
chapter's own kernel, after the chapter's cells, so a student who copies it gets a working answer."""

import re

import nbformat
import pytest
from testbook import testbook

from conftest import ROOT

pytestmark = pytest.mark.kernel
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def code_blocks(path):
    nb = nbformat.read(path, as_version=4)
    return [block for cell in nb.cells if cell.cell_type == "markdown" for block in CODE_BLOCK.findall(cell.source)]


@pytest.mark.parametrize("notebook", [p for p in NOTEBOOKS if code_blocks(p)], ids=lambda p: p.name)
def test_code_in_the_text_runs(notebook):
    with testbook(str(notebook), execute=True, timeout=120) as tb:
        for block in code_blocks(notebook):
            tb.inject(block)  # raises TestbookRuntimeError, with the traceback, if the block fails
