"""Files: the settlement file format and its fields, files on disk, the printable report, the sample class.
May import from peacebook.data and peacebook.model."""
