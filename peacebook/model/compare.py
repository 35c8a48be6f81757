"""Comparing texts through their coded provisions: which option each text takes on each issue, and
where an option recurs from one text to later ones."""

from __future__ import annotations

import pandas as pd

from ..data.vocabulary import book_vocabularies


def coded(provisions: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """One row per (text, issue, option) a text's provisions code, with the text's date and short title."""
    rows = provisions.dropna(subset=["option_id"])[["text_code", "issue_id", "option_id", "provision_id", "point_ref"]]
    rows = rows.merge(texts[["text_code", "short_title", "date"]], on="text_code")
    return rows.drop_duplicates(["text_code", "issue_id", "option_id"]).sort_values(["date", "text_code", "issue_id"])


def recurrences(
    provisions: pd.DataFrame, texts: pd.DataFrame, options: pd.DataFrame, issues: pd.DataFrame, earlier: list[str]
) -> pd.DataFrame:
    """For each option the `earlier` texts take, the later texts that take the same option.

    Columns: issue_id, issue, option_id, option, first_in, later_texts (titles joined by '; ', empty if none).
    """
    table = coded(provisions, texts)
    # A later text that takes an option again is a negotiating text; an analyst's package is not one.
    analysts = set(texts.loc[book_vocabularies().is_analyst_package(texts), "text_code"])
    table = table[~table["text_code"].isin(analysts - set(earlier))]
    dates = dict(zip(texts["text_code"], texts["date"]))
    first = table[table["text_code"].isin(earlier)]
    rows = []
    for (issue_id, option_id), group in first.groupby(["issue_id", "option_id"], sort=False):
        start = min(dates[c] for c in group["text_code"])
        later = table[(table["option_id"] == option_id) & (table["date"] > start) & ~table["text_code"].isin(earlier)]
        rows.append(
            {
                "issue_id": issue_id,
                "option_id": option_id,
                "first_in": "; ".join(group.sort_values("date")["short_title"].unique()),
                "later_texts": "; ".join(later.sort_values("date")["short_title"].unique()),
            }
        )
    result = pd.DataFrame(rows, columns=["issue_id", "option_id", "first_in", "later_texts"])
    result.insert(1, "issue", result["issue_id"].map(dict(zip(issues["issue_id"], issues["title"]))))
    result.insert(3, "option", result["option_id"].map(dict(zip(options["option_id"], options["label"]))))
    order = dict(zip(issues["issue_id"], issues["order"]))
    return result.sort_values("issue_id", key=lambda s: s.map(order)).reset_index(drop=True)


UNCODED = "no option coded (read its provisions)"


def side_by_side(
    provisions: pd.DataFrame,
    texts: pd.DataFrame,
    options: pd.DataFrame,
    issues: pd.DataFrame,
    codes: list[str],
    mark_uncoded: bool = False,
) -> pd.DataFrame:
    """Issues (rows) by texts (columns, in the order given): the option each text takes, or '' if none coded.

    With `mark_uncoded`, a text that has provisions on an issue but none coded to an option (no option of the
    taxonomy fits what it says) reads `UNCODED` there instead of '', so an empty cell means only that the text,
    as the book codes it, says nothing on the issue."""
    table = coded(provisions, texts)
    table = table[table["text_code"].isin(codes)]
    labels = dict(zip(options["option_id"], options["label"]))
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    grid = (
        table.assign(cell=table["option_id"] + " " + table["option_id"].map(labels))
        .groupby(["issue_id", "text_code"])["cell"]
        .apply("; ".join)
        .unstack(fill_value="")
    )
    if mark_uncoded:
        spoken = provisions[provisions["text_code"].isin(codes)].dropna(subset=["issue_id"])
        for issue_id, text_code in spoken[["issue_id", "text_code"]].drop_duplicates().itertuples(index=False):
            if issue_id not in grid.index or text_code not in grid.columns or not grid.at[issue_id, text_code]:
                grid.loc[issue_id, text_code] = UNCODED
        grid = grid.fillna("")
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
    out = out.merge(
        issues[["issue_id", "title", "group", "order"]].rename(columns={"order": "issue_order"}), on="issue_id"
    )
    out["option_label"] = out["option_id"].map(dict(zip(options["option_id"], options["label"])))
    return (
        out[
            [
                "text_code",
                "short_title",
                "date",
                "moment",
                "issue_id",
                "title",
                "group",
                "issue_order",
                "option_id",
                "option_label",
                "point_ref",
                "paraphrase",
                "provisions",
                "source_publisher",
                "source_url",
            ]
        ]
        .sort_values(["date", "issue_order"])
        .reset_index(drop=True)
    )


def analyst_packages(texts: pd.DataFrame, provisions: pd.DataFrame, debate: pd.DataFrame) -> pd.DataFrame:
    """The packages that are not a party's text (an analyst's package, or an expert proposal a party endorsed),
    oldest first: what each is (its status, in text_statuses.csv's words), who wrote it, the name the charts give
    it (which says where only a summary was coded), the school its arguments in the debate table come from, how
    many of its points the book codes to an option, and where to read it. Columns: text_code, Package, What it
    is, Authors, In the charts, date, School, Points coded, source_publisher, source_url."""
    vocab = book_vocabularies()
    packages = texts[vocab.is_analyst_package(texts)].sort_values(["date", "text_code"])
    schools = (
        debate.dropna(subset=["text_code"]).groupby("text_code")["school"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    )
    options = provisions.dropna(subset=["option_id"]).groupby("text_code").size()
    return pd.DataFrame(
        {
            "text_code": packages["text_code"],
            "Package": packages["title"],
            "What it is": packages["status"].map(vocab.text_statuses.label),
            "Authors": packages["parties"],
            "In the charts": packages["short_title"],
            "date": packages["date"].dt.strftime("%Y-%m-%d"),
            "School": packages["text_code"].map(schools).fillna(""),
            "Points coded": packages["text_code"].map(options).fillna(0).astype(int),
            "source_publisher": packages["source_publisher"],
            "source_url": packages["source_url"],
        }
    ).reset_index(drop=True)


def debate_sides(debate: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The case and the counter-case, each oldest first, as (case, counter): every argument in its authors'
    own terms (the book's paraphrase and their short quotation), with its source. Nothing is scored or merged."""
    columns = ["argument_id", "author", "school", "title", "date", "claim", "quote", "source_publisher", "source_url"]
    ordered = debate.sort_values(["date", "argument_id"])
    case = ordered[ordered["side"] == "case"][columns].reset_index(drop=True)
    counter = ordered[ordered["side"] == "counter"][columns].reset_index(drop=True)
    return case, counter


def package_red_lines(catalogue) -> pd.DataFrame:
    """For each package that is not a party's text and can start a workshop draft: which of each party's recorded red lines
    (its latest recorded stance 'rejected', from the positions table only) a draft of exactly that package
    crosses. One row per (package, party); 'crossed' lists the options with the position's date and source."""
    rows = []
    for text in catalogue.startable_texts().itertuples():
        if not text.analyst:
            continue
        crossed = catalogue.red_lines(catalogue.draft_from_text(text.text_code))
        for party, records in crossed.items():
            rows.append(
                {
                    "text_code": text.text_code,
                    "package": text.short_title,
                    "party": party,
                    "count": len(records),
                    "crossed": "; ".join(
                        f"{r.option_id} {catalogue.option_label[r.option_id]} (rejected {r.date}, {r.source_publisher})"
                        for r in records
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["text_code", "package", "party", "count", "crossed"])


def rules_by_text(catalogue) -> pd.DataFrame:
    """For each text that can start a workshop draft: the consistency rules and Minsk failure modes that
    a draft holding exactly that text's coded options trips. `catalogue` is a settlement.Catalogue."""
    rows = []
    for text in catalogue.startable_texts().itertuples():
        tripped, _ = catalogue.check_rules(catalogue.draft_from_text(text.text_code))
        rows.append(
            {
                "text_code": text.text_code,
                "text": text.short_title,
                "issues_coded": text.issues_coded,
                "consistency": "; ".join(f"{r.rule_id} {r.title}" for r in tripped if r.kind == "consistency"),
                "minsk_failure": "; ".join(f"{r.rule_id} {r.title}" for r in tripped if r.kind == "minsk_failure"),
            }
        )
    return pd.DataFrame(rows)


# --- the durability rubric by one rule (issue #16) ------------------------------------------------


def scoring_rule(levels: pd.DataFrame, mechanisms: pd.DataFrame) -> pd.DataFrame:
    """The rubric's scoring rule, one row per mechanism, oldest-first order of the mechanisms: what earns
    0, 1, 2 and 3 on it, each followed by the text of the book that meets that level as an example.

    Columns: mechanism_id, Mechanism, then one column per level ('0 absent' … '3 specified and resourced')."""
    names = dict(zip(mechanisms["mechanism_id"], mechanisms["name"]))
    order = dict(zip(mechanisms["mechanism_id"], mechanisms["order"]))
    rows = {}
    for row in levels.sort_values(["mechanism_id", "level"]).itertuples():
        example = (
            row.example if pd.isna(row.example_text) or not row.example_text else f"{row.example_text}: {row.example}"
        )
        cells = rows.setdefault(
            row.mechanism_id, {"mechanism_id": row.mechanism_id, "Mechanism": names[row.mechanism_id]}
        )
        cells[f"{row.level} {row.label}"] = f"{row.criterion} Example: {example}"
    table = pd.DataFrame(list(rows.values()))
    return table.sort_values("mechanism_id", key=lambda s: s.map(order)).reset_index(drop=True)


def assessments_with_levels(
    assessments: pd.DataFrame, levels: pd.DataFrame, texts: pd.DataFrame, mechanisms: pd.DataFrame
) -> pd.DataFrame:
    """Each assessment beside the level it meets: the score, the rubric's criterion for that score on that
    mechanism, the book's reason and the provisions it rests on, so that a reader can re-score a text."""
    criteria = {(r.mechanism_id, r.level): r.criterion for r in levels.itertuples()}
    labels = {(r.mechanism_id, r.level): r.label for r in levels.itertuples()}
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    order = dict(zip(mechanisms["mechanism_id"], mechanisms["order"]))
    out = assessments.assign(
        text=assessments["text_code"].map(titles),
        level=[f"{s} {labels.get((m, s), '')}" for m, s in zip(assessments["mechanism_id"], assessments["score"])],
        criterion=[criteria.get((m, s), "") for m, s in zip(assessments["mechanism_id"], assessments["score"])],
        basis=assessments["basis"].fillna(""),
    )
    out = out.assign(_order=out["mechanism_id"].map(order)).sort_values(["_order", "score", "text_code"])
    return out[
        ["mechanism_id", "text_code", "text", "score", "level", "criterion", "justification", "basis"]
    ].reset_index(drop=True)


def inconsistent_scores(assessments: pd.DataFrame, provisions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of texts that score differently on a mechanism while citing provisions coded to the same option,
    where the higher-scored row does not name (in `distinguished_by`, a subset of its basis) the provisions
    that earn it the higher level.

    A difference between two texts on the same option is allowed only when the data says what makes it;
    otherwise the two rows are scored by different rules. Returns one row per flagged pair: mechanism_id,
    higher, higher_score, lower, lower_score, shared_options (joined by ';'), problem."""
    from peacebook.data import split_list

    option_of = {p: o for p, o in zip(provisions["provision_id"], provisions["option_id"]) if isinstance(o, str) and o}
    columns = ["mechanism_id", "higher", "higher_score", "lower", "lower_score", "shared_options", "problem"]
    rows = []
    has_column = "distinguished_by" in assessments.columns
    for mechanism_id, group in assessments.groupby("mechanism_id", sort=False):
        records = group.to_dict("records")
        for i, first in enumerate(records):
            for second in records[i + 1 :]:
                if first["score"] == second["score"]:
                    continue
                high, low = (first, second) if first["score"] > second["score"] else (second, first)
                high_basis, low_basis = split_list(high["basis"]), split_list(low["basis"])
                shared = {option_of[p] for p in high_basis if p in option_of} & {
                    option_of[p] for p in low_basis if p in option_of
                }
                if not shared:
                    continue
                named = split_list(high.get("distinguished_by")) if has_column else []
                if not named:
                    problem = "the higher score names no provision that earns it (distinguished_by is empty)"
                elif not set(named) <= set(high_basis):
                    problem = "distinguished_by names provisions that are not in the row's basis"
                else:
                    continue
                rows.append(
                    {
                        "mechanism_id": mechanism_id,
                        "higher": high["text_code"],
                        "higher_score": high["score"],
                        "lower": low["text_code"],
                        "lower_score": low["score"],
                        "shared_options": ";".join(sorted(shared)),
                        "problem": problem,
                    }
                )
    return pd.DataFrame(rows, columns=columns)
