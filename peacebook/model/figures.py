"""Questions asked of the figures table: one series at a time, ready to chart."""

from __future__ import annotations

import pandas as pd


def series(figures: pd.DataFrame, name: str, measures: list[str] | None = None) -> pd.DataFrame:
    """The rows of one series (optionally only some measures), oldest first.

    Raises KeyError naming the series the table has, so a chapter with a typo fails with a clear message.
    """
    rows = figures[figures["series"] == name]
    if rows.empty:
        known = "; ".join(sorted(figures["series"].unique()))
        raise KeyError(f"no figures in series {name!r}; the series are: {known}")
    if measures is not None:
        missing = set(measures) - set(rows["measure"])
        if missing:
            raise KeyError(f"series {name!r} has no measure(s) {sorted(missing)}")
        rows = rows[rows["measure"].isin(measures)]
    return rows.sort_values(["date", "measure"]).reset_index(drop=True)


def basis_changes(rows: pd.DataFrame, marker: str = ": ", unstated: str = "basis not stated") -> pd.DataFrame:
    """Where a series changes how it is counted, so that a chart can mark the break.

    A series records its counting basis in its measure, after `marker` (for example
    'registered IDPs: Unified Information Database'). Rows whose basis is `unstated` are skipped. For each
    change between two stated bases, one row: start (the last date of the old basis), end (the first date
    of the new one) and label (the new basis). The change happened somewhere between the two dates."""
    stated = rows[
        rows["measure"].str.contains(marker, regex=False) & ~rows["measure"].str.contains(unstated, regex=False)
    ]
    stated = stated.sort_values("date")
    changes, previous = [], None
    for row in stated.itertuples():
        basis = row.measure.split(marker, 1)[1]
        if previous is not None and basis != previous[1]:
            changes.append({"start": previous[0], "end": row.date, "label": f"count changes to: {basis}"})
        previous = (row.date, basis)
    return pd.DataFrame(changes, columns=["start", "end", "label"])


def change_in_words(rows: pd.DataFrame, by_year: bool = False) -> str:
    """How a series moved from its first row to its last, in words for a chart's title: "fell from 2,084 in 2014
    to 25 in 2021" (`by_year`: the rows are calendar-year totals, named by their year; else by month and year).

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2017-12-31", "2020-12-31"]), "value": [401000.0, 134767.0]})
    >>> change_in_words(rows, by_year=True)
    'fell from 401,000 in 2017 to 134,767 in 2020'
    >>> change_in_words(rows.assign(value=[134767.0, 401000.0]))
    'rose from 134,767 in December 2017 to 401,000 in December 2020'
    """
    ordered = rows.sort_values("date")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    when = "%Y" if by_year else "%B %Y"
    verb = "fell" if last["value"] < first["value"] else "rose" if last["value"] > first["value"] else "stayed"
    return (
        f"{verb} from {first['value']:,.0f} in {first['date']:{when}} to {last['value']:,.0f} in {last['date']:{when}}"
    )
