"""The logic behind the teaching book 'Negotiating Peace between Russia and Ukraine'.

data        load and validate the tables in data/ against data/datapackage.json
cells       what one cell may hold: field types, constraints, list items, the source policy
spreadsheet the one CSV writer for spreadsheets: no cell starts a formula
editorial   the editorial checks across tables that load_tables runs
timeline    questions asked of the events table
figures     one series of the figures table at a time
compare     texts side by side through their coded provisions
current     the current proposal and where each party stands on it
settlement  the workshop's model: drafts, red lines on record, rules, resemblance
submission  settlement files: export, import, migrations
submission_fields  an imported file's fields checked and placed in a draft
report      a settlement's printable HTML report
storage     files on disk: atomic writes, autosave slots
classroom   a class's settlement files for the instructor dashboard
negotiation the role-play: students' acceptable ranges, their overlap, a package deal
party_record a party's public record for role-play, and briefs grounded in it
exercises   every chapter's exercises gathered: pages to assign, the instructors' solutions
charts      altair charts, a module per chapter or theme, styled by charts.style (interactive with no kernel)
tables      escaped HTML tables with sources
widgets     the timeline explorer (ipywidgets)
workshop    the settlement workshop app (ipywidgets)
"""

__version__ = "0.1.0"
