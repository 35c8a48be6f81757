"""Views: the chapters' tables, the data dictionary, live tables, the timeline explorer and the settlement workshop.
May import from every other layer; they only compose the model, the HTML parts and the charts."""
