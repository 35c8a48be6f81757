"""Comparing texts through their coded provisions: which option each text takes on each issue, and
where an option recurs from one text to later ones."""
from __future__ import annotations

import pandas as pd


def coded(provisions: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """One row per (text, issue, option) a text's provisions code, with the text's date and short title."""
    rows = provisions.dropna(subset=["option_id"])[["text_code", "issue_id", "option_id", "provision_id", "point_ref"]]
    rows = rows.merge(texts[["text_code", "short_title", "date"]], on="text_code")
    return rows.drop_duplicates(["text_code", "issue_id", "option_id"]).sort_values(["date", "text_code", "issue_id"])


def recurrences(provisions: pd.DataFrame, texts: pd.DataFrame, options: pd.DataFrame, issues: pd.DataFrame,
                earlier: list[str]) -> pd.DataFrame:
    """For each option the `earlier` texts take, the later texts that take the same option.

    Columns: issue_id, issue, option_id, option, first_in, later_texts (titles joined by '; ', empty if none).
    """
    table = coded(provisions, texts)
    dates = dict(zip(texts["text_code"], texts["date"]))
    first = table[table["text_code"].isin(earlier)]
    rows = []
    for (issue_id, option_id), group in first.groupby(["issue_id", "option_id"], sort=False):
        start = min(dates[c] for c in group["text_code"])
        later = table[(table["option_id"] == option_id) & (table["date"] > start) & ~table["text_code"].isin(earlier)]
        rows.append({"issue_id": issue_id, "option_id": option_id,
                     "first_in": "; ".join(group.sort_values("date")["short_title"].unique()),
                     "later_texts": "; ".join(later.sort_values("date")["short_title"].unique())})
    result = pd.DataFrame(rows, columns=["issue_id", "option_id", "first_in", "later_texts"])
    result.insert(1, "issue", result["issue_id"].map(dict(zip(issues["issue_id"], issues["title"]))))
    result.insert(3, "option", result["option_id"].map(dict(zip(options["option_id"], options["label"]))))
    order = dict(zip(issues["issue_id"], issues["order"]))
    return result.sort_values("issue_id", key=lambda s: s.map(order)).reset_index(drop=True)


def side_by_side(provisions: pd.DataFrame, texts: pd.DataFrame, options: pd.DataFrame, issues: pd.DataFrame,
                 codes: list[str]) -> pd.DataFrame:
    """Issues (rows) by texts (columns, in the order given): the option each text takes, or '' if none coded."""
    table = coded(provisions, texts)
    table = table[table["text_code"].isin(codes)]
    labels = dict(zip(options["option_id"], options["label"]))
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    grid = (table.assign(cell=table["option_id"] + " " + table["option_id"].map(labels))
            .groupby(["issue_id", "text_code"])["cell"].apply("; ".join).unstack(fill_value=""))
    grid = grid.reindex(columns=codes, fill_value="").rename(columns=titles)
    grid.columns.name = None
    issue_order = issues.sort_values("order")
    grid = grid.reindex([i for i in issue_order["issue_id"] if i in grid.index])
    grid.insert(0, "Issue", grid.index.map(dict(zip(issues["issue_id"], issues["title"]))))
    return grid.reset_index(names="issue_id")
