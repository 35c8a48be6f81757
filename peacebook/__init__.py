"""The logic behind the teaching book 'Negotiating Peace between Russia and Ukraine'.

data      load and validate the tables in data/ against data/datapackage.json
timeline  questions asked of the events table
charts    altair charts (interactive in the static book, with no kernel)
tables    escaped HTML tables with sources
widgets   ipywidgets views for live notebooks
"""
__version__ = "0.1.0"
