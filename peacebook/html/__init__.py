"""HTML parts: what every table is made of (source links, dates, captions), and how a chart becomes HTML or a widget.
May import from peacebook.data, peacebook.model, peacebook.files and peacebook.classroom."""
