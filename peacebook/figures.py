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
