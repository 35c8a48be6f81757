"""The class: a class folder's settlement files and grade sheet, and the role-play's negotiation analysis.
May import from peacebook.data, peacebook.model and peacebook.files."""
