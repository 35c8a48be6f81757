"""Each vocabulary has one source, its table in data/ (issue #23): a party, a stance or a label added to a
copy of the data reaches the model, the charts and the workshop with no change to the code."""

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from peacebook import charts, data
from peacebook.model import current
from peacebook.data import editorial, vocabulary
from peacebook.files import submission
from peacebook.data import DataValidationError
from peacebook.model.settlement import Catalogue, Choice, Draft
from peacebook.data.vocabulary import Vocabularies, book_vocabularies
from peacebook.views.workshop import WorkshopApp, stances_html

PACKAGE = Path(__file__).resolve().parent.parent / "peacebook"
NEW_PARTY, NEW_STANCE, NEW_STANCE_LABEL = "Türkiye", "withdrawn", "withdrawn <b>earlier</b> offer"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Path:
    """A copy of the data with one more party, one more stance (its label holding markup), a position that
    uses both, and an issue group relabelled: changes to data files only."""
    folder = tmp_path_factory.mktemp("data")
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    parties = _rows(folder / "parties.csv")
    _write(folder / "parties.csv", parties + [{"party": NEW_PARTY, "code": "TR", "order": "5", "also_named": ""}])
    stances = _rows(folder / "stances.csv")
    extra = {"stance": NEW_STANCE, "order": "8", "label": NEW_STANCE_LABEL, "meaning": "", "symbol": "↺"}
    _write(
        folder / "stances.csv", stances + [extra | {"colour": "#999999", "recordable": "true", "within_range": "false"}]
    )
    groups = _rows(folder / "issue_groups.csv")
    next(g for g in groups if g["group"] == "territory")["label"] = "Land and the line"
    _write(folder / "issue_groups.csv", groups)
    positions = _rows(folder / "positions.csv")
    model = next(p for p in positions if p["option_id"] == "A01.a" and p["evidence"] == "on_record_statement")
    added = model | {"position_id": "TR-2026-01-01-A01", "party": NEW_PARTY, "stance": NEW_STANCE, "supersedes": ""}
    _write(folder / "positions.csv", positions + [added | {"date": "2026-01-01", "source_date": "2026-01-01"}])
    return folder


@pytest.fixture(scope="module")
def catalogue(grown) -> Catalogue:
    return Catalogue.load(grown)


def test_no_vocabulary_is_written_out_in_python():
    """The codes of each vocabulary appear in the package's code only where logic needs one of them by name."""
    vocab = book_vocabularies()
    listed = {
        "parties": vocab.parties,
        "stances": vocab.stances.codes,
        "evidence": vocab.evidence.codes,
        "event categories": vocab.event_categories.codes,
        "issue groups": vocab.issue_groups.codes,
        "text statuses": vocab.text_statuses.codes,
        "outcome statuses": vocab.outcome_statuses.codes,
        "sequence elements": vocab.sequence_elements.codes,
        "holder types": vocab.side_holder_types,
    }
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name, codes in listed.items():
            named = [code for code in codes if re.search(rf"[\"']{re.escape(code)}[\"']", source)]
            assert len(named) < 3, f"{path.name} spells out the {name} {named}: read them from the data instead"


def test_the_model_reads_a_new_party_and_stance(catalogue):
    assert catalogue.parties[-1] == NEW_PARTY and NEW_PARTY in catalogue.vocab.roles
    records = catalogue.stances_for("A01.a")
    assert any(r.party == NEW_PARTY and r.stance == NEW_STANCE for r in records)
    feedback = catalogue.feedback(Draft(choices={"A01": Choice(option_id="A01.a")}))
    assert NEW_PARTY in feedback.red_lines and list(feedback.red_line_counts()) == catalogue.parties
    # a student playing the new party exports and imports the file with the role kept
    draft = Draft(role=NEW_PARTY)
    assert submission.parse_submission(submission.export_json(draft), catalogue).draft.role == NEW_PARTY


def test_charts_show_the_new_party_and_stance_as_text(catalogue, grown):
    tables = {name: data.load_table(name, grown) for name in ("provisions", "positions", "options", "issues")}
    grid = current.stance_grid("M2", tables["provisions"], tables["positions"], tables["options"], catalogue.parties)
    spec = charts.stance_grid_chart(grid, "M2", vocab=catalogue.vocab).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert NEW_PARTY in text and json.dumps(NEW_STANCE_LABEL)[1:-1] in text
    timeline = charts.positions_timeline_chart(
        tables["positions"], tables["issues"], tables["options"], issue_ids=["A01"], vocab=catalogue.vocab
    ).to_dict()
    colour = json.dumps(timeline, ensure_ascii=False)
    assert "#999999" in colour and NEW_PARTY in colour
    # the new label is data: in the legend's expression it is a quoted string literal, never code
    legend = json.dumps(spec, ensure_ascii=False)
    assert "datum.label == " + json.dumps(json.dumps(NEW_STANCE_LABEL))[1:-1] in legend


def test_the_workshop_offers_the_new_party_and_shows_the_new_stance_escaped(catalogue, tmp_path):
    app = WorkshopApp(catalogue, folder=tmp_path, restore=False)
    assert NEW_PARTY in [value for _, value in app.role.options]
    assert "Land and the line" in [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    shown = stances_html(catalogue, "A01.a")
    assert "↺ withdrawn &lt;b&gt;earlier&lt;/b&gt; offer" in shown and "<b>earlier" not in shown


def test_a_position_with_a_stance_not_in_the_table_is_refused_by_row_and_column(grown, tmp_path):
    for path in grown.iterdir():
        shutil.copy(path, tmp_path / path.name)
    positions = _rows(tmp_path / "positions.csv")
    positions[-1]["stance"] = "undecided"
    _write(tmp_path / "positions.csv", positions)
    with pytest.raises(DataValidationError) as err:
        data.load_table("positions", tmp_path)
    assert any(p.row == len(positions) and p.column == "stance" for p in err.value.problems)


def test_a_derived_stance_or_a_wrong_party_code_cannot_be_recorded(grown):
    names = ("positions", *vocabulary.TABLES)
    tables = {name: data.load_table(name, grown) for name in names}
    assert editorial.vocabulary_use_problems(tables, grown) == []
    tables["positions"].loc[tables["positions"].index[2], "stance"] = "other_option"
    tables["positions"].loc[tables["positions"].index[4], "party"] = NEW_PARTY
    problems = editorial.vocabulary_use_problems(tables, grown)
    assert [(p.row, p.column) for p in problems] == [(3, "stance"), (5, "position_id")]


def test_the_book_vocabularies_load_from_their_tables():
    vocab = Vocabularies.load()
    assert vocab.parties == ["Ukraine", "Russia", "United States", "Europe"]
    assert vocab.stances["rejected"].marked_label == "✖ rejected (red line)"
    assert "other_option" not in vocab.recordable_stances
    assert max(vocab.priority_scale) == 5 and max(vocab.mechanism_scale) == 3
