"""Analysts' settlement packages (issue #22): texts with status 'analyst_proposal' sit beside the official
texts but are never a party's text or position: never the current proposal, never a red line, never a
'later text' taking an option again, always labelled in the start-from list and the provision matrix.
An expert group's proposal that a party endorsed (status 'endorsed_proposal', issue #29: the Kyiv Security
Compact) is not a party's text either, and every such rule holds for it too; only its label differs."""

import csv
import re
import shutil
from collections import Counter, defaultdict

import pandas as pd
import pytest

from peacebook.model import compare, current
from peacebook import data
from peacebook.model.settlement import Catalogue
from peacebook.data.vocabulary import book_vocabularies

PARTIES = book_vocabularies().parties

ANALYST = "analyst_proposal"
ENDORSED = "endorsed_proposal"


@pytest.fixture(scope="module")
def tables():
    return data.load_tables()


def append_row(path, row):
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore").writerow(row)


def test_the_schema_declares_the_status_and_the_ladder_says_what_it_is():
    texts = next(r for r in data.load_package()["resources"] if r["name"] == "texts")
    status = next(f for f in texts["schema"]["fields"] if f["name"] == "status")
    reference = {"fields": "status", "reference": {"resource": "text_statuses", "fields": "status"}}
    assert reference in texts["schema"]["foreignKeys"] and ANALYST in book_vocabularies().text_statuses
    assert "never a party's position" in book_vocabularies().text_statuses[ANALYST].meaning
    assert "text_statuses.csv" in status["description"]
    assert ANALYST not in book_vocabularies().party_text_statuses
    # An expert group's proposal a party endorsed is still not a party's text, and its label says both things.
    assert ENDORSED not in book_vocabularies().party_text_statuses
    label = book_vocabularies().text_statuses.label(ENDORSED)
    assert "endorsed by a party" in label and "not a party's text" in label
    assert "never a party's position" in book_vocabularies().text_statuses[ENDORSED].meaning


def test_the_kyiv_compact_is_an_endorsed_proposal_with_the_endorsement_on_record(tables):
    """Issue #29: the Compact is filed as what it is, and the president's endorsement is a dated event with
    its own source (his words), never a row resting on the package."""
    ksc = tables["texts"].set_index("text_code").loc["KSC"]
    assert ksc["status"] == ENDORSED
    events = tables["events"]
    endorsement = events[events["event_id"] == "2022-kyiv-security-compact-presented-to-zelensky"]
    assert len(endorsement) == 1 and endorsement["date"].iloc[0] == pd.Timestamp("2022-09-13")
    assert endorsement["source_url"].iloc[0] not in {ksc["source_url"], ksc["full_text_url"]}


def test_at_least_three_packages_lievens_among_them_each_sourced(tables):
    packages = tables["texts"][tables["texts"]["status"] == ANALYST]
    assert len(packages) >= 3
    assert {"LBI", "QBL"} <= set(packages["text_code"])  # Lieven's 'Back to Istanbul!' and the Beebe-Lieven plan
    assert packages["source_url"].str.startswith("http").all()
    points = tables["provisions"][tables["provisions"]["text_code"].isin(packages["text_code"])]
    assert points["source_url"].str.startswith("http").all() and points["source_publisher"].str.len().gt(0).all()
    # Clearly different schools: the debate table names at least three for the packages and their critics.
    assert tables["debate"]["school"].nunique() >= 3
    assert set(tables["debate"]["side"]) == {"case", "counter"}


def test_an_analyst_package_is_never_the_current_proposal(tables, tmp_path):
    texts, provisions = tables["texts"], tables["provisions"]
    official = current.current_proposal(texts, provisions)
    assert official["status"] != ANALYST
    # Even the newest text of all, with a coded line of control, is skipped when it is an analyst's package.
    newest = pd.DataFrame(
        [
            {
                **official.to_dict(),
                "text_code": "ZZ9",
                "short_title": "Newest analyst plan",
                "date": pd.Timestamp("2030-01-01"),
                "status": ANALYST,
            }
        ]
    )
    point = (
        provisions[(provisions["text_code"] == official["text_code"]) & (provisions["issue_id"] == "A02")]
        .dropna(subset=["option_id"])
        .head(1)
        .assign(provision_id="ZZ9-1", text_code="ZZ9")
    )
    assert len(point) == 1
    chosen = current.current_proposal(pd.concat([texts, newest]), pd.concat([provisions, point]))
    assert chosen["text_code"] == official["text_code"]
    # ...and the same holds when the data files themselves carry such a row.
    fixture = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, fixture)
    row = {k: ("" if pd.isna(v) else v) for k, v in newest.iloc[0].to_dict().items()}
    row["date"] = "2030-01-01"
    row["source_date"] = ""
    append_row(fixture / "texts.csv", row)
    p = point.iloc[0].to_dict()
    append_row(fixture / "provisions.csv", {**{k: ("" if pd.isna(v) else v) for k, v in p.items()}, "source_date": ""})
    loaded = data.load_tables(fixture)
    assert current.current_proposal(loaded["texts"], loaded["provisions"])["text_code"] == official["text_code"]


def test_an_analyst_package_is_never_counted_as_a_partys_position(tables):
    packages = set(tables["texts"].loc[tables["texts"]["status"] == ANALYST, "text_code"])
    package_urls = set(tables["texts"].loc[tables["texts"]["status"] == ANALYST, "source_url"])
    positions = tables["positions"]
    # No recorded position of a party rests on an analyst's package, and no analyst is a party.
    assert not (set(positions["source_url"]) & package_urls)
    assert set(positions["party"]) <= set(PARTIES)
    catalogue = Catalogue(tables)
    # Red lines and stances come from the positions table only: none cites an analyst's package.
    for record in catalogue.red_line_records():
        assert record.source_url not in package_urls
    for code in packages & set(catalogue.text_options):
        draft = catalogue.draft_from_text(code)
        for records in catalogue.feedback(draft).stances.values():
            assert all(r.party in PARTIES and r.source_url not in package_urls for r in records)


def test_red_lines_do_not_change_when_packages_are_added(tables):
    without = {k: v for k, v in tables.items()}
    analysts = tables["texts"]["status"] == ANALYST
    without["texts"] = tables["texts"][~analysts]
    without["provisions"] = tables["provisions"][
        ~tables["provisions"]["text_code"].isin(tables["texts"].loc[analysts, "text_code"])
    ]
    key = [(r.party, r.option_id, r.position_id) for r in Catalogue(tables).red_line_records()]
    assert sorted(key) == sorted((r.party, r.option_id, r.position_id) for r in Catalogue(without).red_line_records())


def test_the_start_from_list_offers_the_packages_labelled_as_analysts(tables):
    startable = Catalogue(tables).startable_texts()
    analysts = startable[startable["analyst"]]
    assert set(analysts["text_code"]) >= {"QBL", "CAM22", "KSC", "LBI"}
    assert analysts["label"].str.contains("(not a party's text)", regex=False).all()
    by_status = analysts.set_index("text_code")
    assert by_status.loc[by_status["status"] == ANALYST, "label"].str.contains("analyst's proposal").all()
    assert "expert proposal endorsed by a party" in by_status.loc["KSC", "label"]
    assert not startable.loc[~startable["analyst"], "label"].str.contains("party's text|analyst", regex=True).any()


def _csv(name):
    with (data.DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_packages_red_lines_are_computed_from_positions_for_every_party(tables):
    """Worked out from the CSV files with the csv module, not with the model the table is built from: a
    package crosses a party's red line when, on an issue, the option the package codes most often (the
    earliest point's on a tie) is one whose latest recorded stance by that party is 'rejected'."""
    latest = {}
    for row in sorted(_csv("positions"), key=lambda r: r["date"]):
        if row["option_id"]:
            latest[(row["party"], row["option_id"])] = row["stance"]
    table = compare.package_red_lines(Catalogue(tables))
    assert set(table["party"]) == set(PARTIES)
    packages = {r["text_code"] for r in _csv("texts") if r["status"] in (ANALYST, "endorsed_proposal")}
    assert set(table["text_code"]) <= packages and "CAM22" in set(table["text_code"])
    for code in set(table["text_code"]):
        points = defaultdict(list)
        for row in _csv("provisions"):
            if row["text_code"] == code and row["option_id"]:
                points[row["issue_id"]].append((int(row["order"]), row["option_id"]))
        options = set()
        for found in points.values():
            counts = Counter(option for _, option in found)
            options.add(min((o, option) for o, option in found if counts[option] == max(counts.values()))[1])
        for party in PARTIES:
            expected = sorted(o for o in options if latest.get((party, o)) == "rejected")
            row = table[(table["text_code"] == code) & (table["party"] == party)].iloc[0]
            assert row["count"] == len(expected), (code, party)
            assert [c.split(" ", 1)[0] for c in row["crossed"].split("; ") if c] == expected, (code, party)
    # CAM22's autonomy for the Donbas inside Ukraine crosses red lines Russia has on record; no other party's.
    cam22 = table[table["text_code"] == "CAM22"].set_index("party")["count"]
    assert cam22["Russia"] >= 1 and cam22.drop("Russia").sum() == 0


MARK = re.compile(r"\((?:analyst|analyst's plan|analysts' plan|analyst; summary only|analysts; summary only)\)$")
ENDORSED_MARK = re.compile(r"\(experts' plan\)$")


def test_every_package_says_so_in_its_short_title_wherever_texts_are_listed(tables):
    t = tables
    analysts = t["texts"]["status"] == ANALYST
    endorsed = t["texts"]["status"] == ENDORSED
    assert t["texts"].loc[analysts, "short_title"].str.contains(MARK).all()
    assert t["texts"].loc[endorsed, "short_title"].str.contains(ENDORSED_MARK).all()
    assert not t["texts"].loc[~analysts, "short_title"].str.contains("analyst", case=False).any()
    assert not t["texts"].loc[~analysts & ~endorsed, "short_title"].str.contains("experts", case=False).any()
    # So the provision matrix, the workshop's closest texts and the rules table all show the mark.
    packages = set(t["texts"].loc[analysts, "text_code"])
    grid = compare.matrix(t["provisions"], t["texts"], t["options"], t["issues"])
    assert packages & set(grid["text_code"])
    assert grid.loc[grid["text_code"].isin(packages), "short_title"].str.contains(MARK).all()
    catalogue = Catalogue(t)
    closest = catalogue.resemblance(catalogue.draft_from_text("QBL")).set_index("text_code")["short_title"]
    assert MARK.search(closest["QBL"]) and not MARK.search(closest["M2"])
    rules = compare.rules_by_text(catalogue).set_index("text_code")["text"]
    assert MARK.search(rules["QBL"]) and not MARK.search(rules["M2"])


def test_recurrences_leave_the_packages_out(tables):
    t = tables
    titles = set(t["texts"].loc[t["texts"]["status"].isin([ANALYST, ENDORSED]), "short_title"])
    assert any("Kyiv Compact" in title for title in titles)
    later = compare.recurrences(t["provisions"], t["texts"], t["options"], t["issues"], earlier=["IC", "ID"])
    assert not any(title in row.split("; ") for row in later["later_texts"] for title in titles)


def test_the_debate_is_split_into_case_and_counter_with_sources(tables):
    case, counter = compare.debate_sides(tables["debate"])
    assert len(case) >= 2 and len(counter) >= 2
    for side in (case, counter):
        assert side["source_url"].str.startswith("http").all()
        assert side["date"].is_monotonic_increasing


def test_the_loader_refuses_a_position_that_rests_on_an_analysts_package(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    texts = data.load_table("texts", tmp_path)
    with (tmp_path / "positions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # One of each kind: an analyst's package, and the expert proposal Ukraine's president endorsed (a position
    # records the president's own words, never the package).
    for number, status in enumerate((ANALYST, ENDORSED), start=1):
        package = texts[texts["status"] == status].iloc[0]
        row = dict(rows[0])
        row.update(position_id=f"UA-2099-01-0{number}-A05", source_url=package["source_url"], supersedes="")
        append_row(tmp_path / "positions.csv", row)
    with pytest.raises(data.DataValidationError) as err:
        data.load_tables(tmp_path)
    assert "cites CAM22, analyst's proposal (not a party's text)" in str(err.value)
    assert "cites KSC, expert proposal endorsed by a party (not a party's text)" in str(err.value)


def test_the_chapter_and_the_assignment_use_the_packages():
    import json

    from conftest import ROOT

    cells = json.loads((ROOT / "chapters" / "compare.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    assert "## Is Istanbul still a basis?" in text and "No package here is the book's view" in text
    assert "](donbas.ipynb)" in text  # a link both the book and JupyterLab follow (_ext/portable_myst.py)
    for call in ("compare.analyst_packages(", "tables.debate_html(", "compare.package_red_lines("):
        assert call in text
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")
    assignments = (ROOT / "chapters" / "assignments.md").read_text(encoding="utf-8")
    headings = [line for line in assignments.splitlines() if re.match(r"## \d+\. ", line)]
    words = {4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight"}
    assert assignments.count(f"{words[len(headings)]} assignments") == 1
    assert any(re.match(r"## \d+\. Back to Istanbul\?", line) for line in headings)


def test_each_coded_package_is_scored_on_every_mechanism_with_a_reason(tables):
    assessments, mechanisms = tables["assessments"], tables["mechanisms"]
    for code in ("QBL", "CAM22", "KSC", "LBI"):
        rows = assessments[assessments["text_code"] == code]
        assert set(rows["mechanism_id"]) == set(mechanisms["mechanism_id"]), code
        assert all(j.startswith(f"Level {s}: ") for s, j in zip(rows["score"], rows["justification"]))


def test_the_istanbul_table_tells_a_point_no_option_fits_from_silence(tables):
    """Issue #29: Lieven excludes NATO membership without saying in what legal form, so no option is coded; the
    debate's table must not show that as silence. An issue he never mentions (Crimea) stays empty."""
    t = tables
    args = (t["provisions"], t["texts"], t["options"], t["issues"], ["IC", "LBI"])
    title = t["texts"].set_index("text_code").loc["LBI", "short_title"]
    marked = compare.side_by_side(*args, mark_uncoded=True).set_index("issue_id")[title]
    assert marked["A05"] == compare.UNCODED and marked["A02"].startswith("A02.a")
    assert marked.get("A04", "") == ""
    assert compare.side_by_side(*args).set_index("issue_id")[title].get("A05", "") == ""


def test_lieven_is_coded_from_the_full_article_on_the_taxonomy(tables):
    """Issue #29: every condition of Back to Istanbul! is a provision citing the article, and the two packages
    read in full (it and the Kyiv Security Compact) are each coded to an option on at least five issues."""
    provisions, texts = tables["provisions"], tables["texts"]
    lbi = provisions[provisions["text_code"] == "LBI"]
    assert (lbi["source_url"] == texts.set_index("text_code").loc["LBI", "source_url"]).all()
    assert lbi["point_ref"].str.startswith("conditions ").sum() == 12
    for code in ("LBI", "KSC"):
        issues = provisions[provisions["text_code"] == code].dropna(subset=["option_id"])["issue_id"].nunique()
        assert issues >= 5, (code, issues)
