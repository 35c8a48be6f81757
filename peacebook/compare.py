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


def matrix(provisions: pd.DataFrame, texts: pd.DataFrame, options: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """The provision matrix: one row per (text, issue) the text codes, with the option, the first
    provision that takes it (paraphrase and source) and how many provisions do."""
    rows = provisions.dropna(subset=["option_id"]).sort_values(["text_code", "order"])
    first = rows.groupby(["text_code", "issue_id"], sort=False).head(1)
    counts = rows.groupby(["text_code", "issue_id"]).size().rename("provisions")
    out = first.merge(counts, left_on=["text_code", "issue_id"], right_index=True)
    out = out.merge(texts[["text_code", "short_title", "date", "moment"]], on="text_code")
    out = out.merge(issues[["issue_id", "title", "group", "order"]].rename(columns={"order": "issue_order"}), on="issue_id")
    out["option_label"] = out["option_id"].map(dict(zip(options["option_id"], options["label"])))
    return out[["text_code", "short_title", "date", "moment", "issue_id", "title", "group", "issue_order", "option_id",
                "option_label", "point_ref", "paraphrase", "provisions", "source_publisher", "source_url"]
               ].sort_values(["date", "issue_order"]).reset_index(drop=True)


def rules_by_text(catalogue) -> pd.DataFrame:
    """For each text that can start a workshop draft: the consistency rules and Minsk failure modes that
    a draft holding exactly that text's coded options trips. `catalogue` is a settlement.Catalogue."""
    rows = []
    for text in catalogue.startable_texts().itertuples():
        tripped, _ = catalogue.check_rules(catalogue.draft_from_text(text.text_code))
        rows.append({"text_code": text.text_code, "text": text.short_title, "issues_coded": text.issues_coded,
                     "consistency": "; ".join(f"{r.rule_id} {r.title}" for r in tripped if r.kind == "consistency"),
                     "minsk_failure": "; ".join(f"{r.rule_id} {r.title}" for r in tripped if r.kind == "minsk_failure")})
    return pd.DataFrame(rows)
