"""Settlement files: a lossless round trip, a catalogue of bad files each with its own clear message,
migration of the older format, escaped free text in the report, atomic autosave."""

import copy
import json

import pytest

from peacebook import data
from peacebook.files import storage, submission
from peacebook.model.settlement import Catalogue, Choice, Rating
from peacebook.files.submission import SubmissionError, parse_submission


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


@pytest.fixture
def draft(catalogue):
    d = catalogue.draft_from_text("M2", student="Ana Kovač", title="A settlement <draft>")
    d.choices["A05"] = Choice(custom_text="Neutrality reviewed after 10 years", justification="Because…")
    d.choices["A01"].justification = 'Ceasefire first; "verified" <b>bold</b> & <script>alert(1)</script>'
    d.acknowledged = {"F1": "I accept the risk, for now."}
    d.ratings = {"D1": Rating(2, "Zone is specified."), "D3": Rating(None, "")}
    return d


def test_export_import_round_trip_is_lossless(draft, catalogue):
    result = parse_submission(submission.export_json(draft), catalogue)
    assert result.warnings == [] and result.migrated_from is None
    assert result.draft == draft


def test_the_export_is_versioned_and_self_describing(draft):
    payload = json.loads(submission.export_json(draft))
    assert payload["format"] == "peacebook-settlement" and payload["version"] == submission.VERSION
    assert payload["checksum"].startswith("sha256:") and payload["book_data_as_of"]
    assert payload["choices"]["A05"]["kind"] == "custom"


def _tampered(draft):
    payload = json.loads(submission.export_json(draft))
    payload["choices"]["A01"]["justification"] = "edited by hand"
    return json.dumps(payload)


BAD_FILES = {
    "empty": (lambda d: b"", "The file is empty"),
    "truncated": (lambda d: submission.export_json(d)[:200], "not valid JSON"),
    "not json": (lambda d: "Dear teacher, here is my settlement.", "not valid JSON"),
    "not text": (lambda d: b"\x89PNG\r\n\x1a\n\x00\x00binary", r"not text \(UTF-8\)"),
    "oversized": (lambda d: "x" * (submission.MAX_BYTES + 1), "at most 1 MB"),
    "notebook": (lambda d: json.dumps({"cells": [], "nbformat": 4, "metadata": {}}), "Jupyter notebook"),
    "other json": (lambda d: json.dumps({"hello": "world"}), "not a settlement exported by the workshop"),
    "a list": (lambda d: "[1, 2, 3]", "JSON list or value"),
    "newer version": (lambda d: json.dumps({**json.loads(submission.export_json(d)), "version": 99}), "newer version"),
    "bad version": (
        lambda d: json.dumps({**json.loads(submission.export_json(d)), "version": "two"}),
        "not one the workshop ever wrote",
    ),
    "deeply nested": (
        lambda d: '{"format": "peacebook-settlement", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested far more deeply",
    ),
    "huge number": (lambda d: '{"format": "peacebook-settlement", "version": ' + "9" * 5000 + "}", "not valid JSON"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gets_a_clear_message_and_leaves_the_draft_untouched(name, draft, catalogue):
    make, message = BAD_FILES[name]
    before = copy.deepcopy(draft)
    with pytest.raises(SubmissionError, match=message):
        parse_submission(make(draft), catalogue)
    assert draft == before


def _resigned(payload):
    payload["checksum"] = submission._checksum(payload)
    return json.dumps(payload)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda p: p["ratings"].update({"D1": {"score": 7, "reason": ""}}), "whole numbers from 0 to 3"),
        (lambda p: p["ratings"].update({"D1": {"score": True, "reason": ""}}), "whole numbers from 0 to 3"),
        (lambda p: p["choices"]["A01"].update({"justification": 42}), "should be text"),
        (lambda p: p["choices"]["A01"].update({"justification": "x" * 20_001}), "at most 20,000 are allowed"),
        (lambda p: p.update({"choices": ["A01"]}), "'choices' section is malformed"),
    ],
)
def test_well_signed_but_malformed_content_is_refused(edit, message, draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    edit(payload)
    with pytest.raises(SubmissionError, match=message):
        parse_submission(_resigned(payload), catalogue)


def test_unknown_ids_are_reported_kept_aside_and_exported_again(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["choices"]["A02"] = {"kind": "option", "option_id": "A02.z", "custom_text": "", "justification": "mine"}
    payload["choices"]["A99"] = {
        "kind": "custom",
        "option_id": None,
        "custom_text": "a new issue",
        "justification": "why",
    }
    payload["ratings"]["D99"] = {"score": 1, "reason": "r"}
    result = parse_submission(_resigned(payload), catalogue)
    text = " ".join(result.warnings)
    assert "'A02.z'" in text and "'A99'" in text and "'D99'" in text
    assert result.draft.choice("A02").option_id is None and result.draft.choice("A02").justification == "mine"
    again = json.loads(submission.export_json(result.draft))
    assert again["unrecognised"]["choices"]["A99"]["custom_text"] == "a new issue"
    assert again["unrecognised"]["choices"]["A02"]["option_id"] == "A02.z"
    assert again["unrecognised"]["ratings"]["D99"]["score"] == 1


def test_a_version_1_file_is_migrated(catalogue):
    old = {
        "format": "peacebook-settlement",
        "version": 1,
        "student": "Old file",
        "choices": {"A01": "A01.a", "A05": "custom: armed neutrality"},
        "justifications": {"A01": "first things first", "A07": "no view yet"},
    }
    result = parse_submission(json.dumps(old), catalogue)
    assert result.migrated_from == 1 and "older format 1" in result.warnings[0]
    d = result.draft
    assert d.choice("A01") == Choice("A01.a", "", "first things first")
    assert d.choice("A05").custom_text == "armed neutrality" and d.choice("A07").justification == "no view yet"


def test_the_report_escapes_every_free_text(draft, catalogue):
    page = submission.report_html(draft, catalogue, catalogue.feedback(draft))
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "A settlement &lt;draft&gt;" in page
    assert "Ana Kovač" in page and "Neutrality reviewed after 10 years" in page


def test_the_report_names_both_as_of_dates(draft, catalogue):
    """The printed report, like every 'as of' notice, says when the data was checked and how far its events reach."""
    page = submission.report_html(draft, catalogue, catalogue.feedback(draft))
    checked, latest = data.coverage()
    assert f"data checked {checked.day} {checked:%B %Y}" in page
    assert f"latest event covered {latest.day} {latest:%B %Y}" in page


def test_save_writes_json_and_report_and_autosave_restores(draft, catalogue, tmp_path):
    json_path, html_path = submission.save_submission(draft, catalogue, tmp_path)
    assert json_path.name.startswith("settlement-Ana-Kova-") and html_path.suffix == ".html"
    assert parse_submission(json_path.read_bytes(), catalogue).draft == draft
    assert submission.autosaved_drafts(tmp_path, catalogue) == []
    storage.Autosaver(tmp_path).save(submission.export_json(draft))
    (found,) = submission.autosaved_drafts(tmp_path, catalogue)
    assert found.result.draft == draft
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_file_edited_after_export_imports_marked_and_keeps_the_mark(draft, catalogue):
    result = parse_submission(_tampered(draft), catalogue)
    assert result.edited and result.draft.choice("A01").justification == "edited by hand"
    assert submission.EDITED_MARK in result.warnings[0]
    again = json.loads(submission.export_json(result.draft))  # re-exported from the workshop: still marked
    assert again["edited_after_export"] is True and parse_submission(json.dumps(again), catalogue).edited
    page = submission.report_html(result.draft, catalogue, catalogue.feedback(result.draft))
    assert submission.EDITED_MARK in page
    assert not parse_submission(submission.export_json(draft), catalogue).edited
    assert submission.EDITED_MARK not in submission.report_html(draft, catalogue, catalogue.feedback(draft))


def test_a_file_without_a_checksum_is_marked_edited(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    del payload["checksum"]
    assert parse_submission(json.dumps(payload), catalogue).edited


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),  # Notepad's "UTF-8 with BOM"
        lambda text: text.encode("utf-16"),  # Notepad's "Unicode" (UTF-16 with its byte-order mark)
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),  # Windows line ends
    ],
)
def test_a_file_saved_again_by_a_windows_editor_imports_unchanged(encode, draft, catalogue):
    result = parse_submission(encode(submission.export_json(draft)), catalogue)
    assert result.draft == draft and not result.edited


def test_lone_surrogates_are_replaced_not_fatal(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["title"] = "broken \ud800 text"
    result = parse_submission(json.dumps(payload), catalogue)  # json.dumps writes the escape \ud800
    assert result.draft.title == "broken \ufffd text" and "not valid text" in " ".join(result.warnings)
    parse_submission(submission.export_json(result.draft), catalogue)  # and it exports again


def test_a_lone_surrogate_typed_into_a_box_still_exports(draft, catalogue):
    draft.title = "typed \udc00"
    result = parse_submission(submission.export_json(draft), catalogue)
    assert result.draft.title == "typed \ufffd" and not result.edited


def test_a_role_play_brief_round_trips(catalogue):
    draft = catalogue.draft_from_text("RM", student="R", title="Brief")
    draft.role = "Russia"
    draft.choices["A01"].acceptable = ("A01.b", "A01.c")
    result = parse_submission(submission.export_json(draft), catalogue)
    assert result.warnings == [] and result.draft == draft
    assert "Role-play: negotiating for Russia" in submission.report_html(draft, catalogue, catalogue.feedback(draft))


def test_a_role_play_file_with_unknown_ids_keeps_them_aside(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["role"] = "Atlantis"
    payload["choices"]["A01"]["acceptable"] = ["A01.a", "A07.b", "A01.zz"]
    result = parse_submission(_resigned(payload), catalogue)
    text = " ".join(result.warnings)
    assert "'Atlantis'" in text and "acceptable for A01" in text
    assert result.draft.role is None and result.draft.choice("A01").acceptable == ("A01.a",)
    again = json.loads(submission.export_json(result.draft))
    assert again["unrecognised"]["role"] == "Atlantis"
    assert again["unrecognised"]["acceptable"]["A01"] == ["A07.b", "A01.zz"]


@pytest.mark.parametrize("value", ["A01.a", [1, 2], {"A01.a": True}])
def test_malformed_acceptable_options_are_refused(value, draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["choices"]["A01"]["acceptable"] = value
    with pytest.raises(SubmissionError, match="acceptable options for issue 'A01' are malformed"):
        parse_submission(_resigned(payload), catalogue)


def test_a_version_2_file_reads_as_a_settlement_without_a_role(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["version"] = 2
    del payload["role"]
    for entry in payload["choices"].values():
        del entry["acceptable"]
    result = parse_submission(_resigned(payload), catalogue)
    assert result.warnings == [] and result.draft.role is None and result.draft.choices.keys() == draft.choices.keys()


def test_format_4_round_trips_priorities_table_fallback_and_the_mediator(catalogue):
    draft = catalogue.draft_from_text("RM", student="negotiator-1234", title="Brief", table="B")
    draft.role, draft.fallback = "Russia", "Keep fighting; the front moves our way (my assumption)."
    draft.choices["A01"].acceptable, draft.choices["A01"].weight = ("A01.b",), 4
    result = parse_submission(submission.export_json(draft), catalogue)
    assert result.warnings == [] and result.draft == draft
    page = submission.report_html(draft, catalogue, catalogue.feedback(draft))
    assert "at table B" in page and "Keep fighting" in page and "4 of 5 (very important)" in page
    mediator = catalogue.draft_from_text("F20", student="chair", table="B")
    mediator.role = "Mediator"
    assert parse_submission(submission.export_json(mediator), catalogue).draft.role == "Mediator"


def test_a_version_3_file_reads_with_priorities_not_stated(draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["version"] = 3
    for key in ("table", "fallback"):
        del payload[key]
    for entry in payload["choices"].values():
        del entry["weight"]
    result = parse_submission(_resigned(payload), catalogue)
    assert result.warnings == [] and result.draft.table == "" and result.draft.fallback == ""
    assert all(c.weight is None for c in result.draft.choices.values())


@pytest.mark.parametrize("weight", [6, -1, 2.5, True, "high"])
def test_a_priority_outside_0_to_5_is_refused(weight, draft, catalogue):
    payload = json.loads(submission.export_json(draft))
    payload["choices"]["A01"]["weight"] = weight
    with pytest.raises(SubmissionError, match="priorities are whole numbers from 0 to 5"):
        parse_submission(_resigned(payload), catalogue)


# --- the checksum: every field, edited by hand without signing again (issue #35) ------------------


@pytest.fixture
def full_draft(catalogue):
    """A draft with every field of the format filled: metadata, role-play fields, an option, a custom option,
    acceptable options and priorities, a kept flag, ratings, and an entry kept aside from a newer book."""
    d = catalogue.draft_from_text("M2", student="Ana Kovač", title="A settlement", table="B", fallback="Keep talking")
    d.role = "Russia"
    d.choices["A01"] = Choice("A01.a", justification="Ceasefire first", acceptable=("A01.a", "A01.b"), weight=4)
    d.choices["A05"] = Choice(custom_text="Neutrality reviewed after 10 years", justification="Because", weight=0)
    d.acknowledged = {"F1": "I accept the risk"}
    d.ratings = {"D1": Rating(2, "Zone is specified."), "D3": Rating(0, "None yet")}
    d.unrecognised = {"ratings": {"D99": {"score": 1, "reason": "from a newer book"}}}
    return d


def _leaves(value, path=()):
    """Every path to a value in a JSON document, innermost last."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    yield path


def _other(value, key):
    """A different value of the same kind, such as a student might type over the original."""
    if value is None:  # a priority or a score not stated, or no option: state one
        return {"weight": 1, "score": 1, "option_id": ""}[key]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value - 1 if value > 0 else value + 1
    if isinstance(value, str):
        return value + " (changed)"
    if isinstance(value, list):
        return value[:-1] if value else ["A01.c"]
    return {**value, "Z99": copy.deepcopy(next(iter(value.values()), ""))}  # one more entry, like the others


def _get(payload, path):
    for step in path:
        payload = payload[step]
    return payload


def _edits(payload):
    """(what was changed, the payload changed that way): each value replaced, each key removed."""
    for path in _leaves(payload):
        if not path or path[0] in ("checksum", "format"):  # no checksum to protect itself; no format, no file
            continue
        edited = copy.deepcopy(payload)
        parent = _get(edited, path[:-1])
        parent[path[-1]] = _other(parent[path[-1]], path[-1])
        yield f"changed {'/'.join(map(str, path))}", edited
        if isinstance(parent, dict) and path != ("version",):
            removed = copy.deepcopy(payload)
            del _get(removed, path[:-1])[path[-1]]
            yield f"removed {'/'.join(map(str, path))}", removed


def test_every_field_edited_by_hand_without_signing_again_marks_the_file(full_draft, catalogue):
    payload = json.loads(submission.export_json(full_draft))
    assert not parse_submission(json.dumps(payload), catalogue).edited  # the control: as exported, unmarked
    edits = list(_edits(payload))
    # Every part of the format is edited: its top-level fields and, inside, a choice's, a rating's, a kept flag's
    # and an entry kept aside.
    for field in ("student", "title", "started_from", "role", "table", "fallback", "edited_after_export", "created"):
        assert f"changed {field}" in dict(edits), field
    for inner in ("choices/A01/option_id", "choices/A01/acceptable/1", "choices/A01/weight", "choices/A05/custom_text"):
        assert f"changed {inner}" in dict(edits), inner
    for inner in ("ratings/D1/score", "ratings/D1/reason", "acknowledged/F1", "unrecognised/ratings/D99/score"):
        assert f"changed {inner}" in dict(edits), inner
    assert len(edits) > 60
    unmarked = []
    for what, edited in edits:
        result = parse_submission(json.dumps(edited, indent=2, ensure_ascii=False), catalogue)
        if not (result.edited and submission.EDITED_MARK in result.warnings[0]):
            unmarked.append(what)
    assert unmarked == [], f"edited by hand, yet imported as the workshop exported it: {unmarked}"


def test_the_mark_cannot_be_removed_by_hand(full_draft, catalogue):
    full_draft.edited_after_export = True
    payload = json.loads(submission.export_json(full_draft))
    assert payload["edited_after_export"] is True
    payload["edited_after_export"] = False
    assert parse_submission(json.dumps(payload), catalogue).edited


def test_the_checksum_reads_the_content_not_the_layout(full_draft, catalogue):
    """Saved again by an editor that reorders keys, indents differently or escapes every non-ASCII character,
    a file is unchanged in content, and imports unmarked."""
    payload = json.loads(submission.export_json(full_draft))
    reordered = dict(reversed(list(payload.items())))
    for text in (
        json.dumps(reordered),
        json.dumps(payload, indent=None, separators=(",", ":")),
        json.dumps(payload, indent=8, ensure_ascii=True),
    ):
        result = parse_submission(text, catalogue)
        assert not result.edited and result.draft == full_draft


def test_the_checksum_is_the_documented_sha256_so_files_from_earlier_versions_still_verify():
    """The SHA-256 of the content without the checksum, keys sorted, as compact UTF-8 JSON with ', ' and ': '
    (Python's defaults). The expected value was computed outside Python:
    printf '%s' '{"format": "peacebook-settlement", "student": "Ж", "version": 2}' | sha256sum"""
    payload = {"version": 2, "student": "Ж", "format": "peacebook-settlement", "checksum": "sha256:anything"}
    assert submission._checksum(payload) == "sha256:9159b8e7b5685a021fa0c0a337ef1a1f6a2e0e566ebc88d72dbe742413bfe436"
