"""The model: the settlement workshop's drafts and rules, the queries behind the chapters, a party's record, the exercises.
May import from peacebook.data only; it knows nothing of files, widgets or HTML."""
