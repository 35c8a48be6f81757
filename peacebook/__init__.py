"""The logic behind the teaching book 'Negotiating Peace between Russia and Ukraine', in layers, one folder each.

data/       the tables in data/ loaded and validated, cells, vocabularies, the editorial and second readers' checks
model/      the settlement workshop's model, the chapters' queries, a party's record, the exercises
files/      the settlement file format and its fields, storage, the printable report, the sample class
classroom/  a class folder and its grade sheet, the role-play's negotiation analysis and grades
html/       table cells and how charts become HTML or a widget
charts/     altair charts, one module per chapter or theme
views/      the chapters' tables, the data dictionary, live tables, the timeline explorer, the workshop

A layer imports only from itself and the layers before it in LAYERS (tests/test_layers.py checks, and that no
import makes a circle). Each folder's __init__.py says what its layer is and what it may import.
"""

__version__ = "0.1.0"

# The layers in order: each may import from those before it, never from those after.
LAYERS = ("data", "model", "files", "classroom", "html", "charts", "views")
