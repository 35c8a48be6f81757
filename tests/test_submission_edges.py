"""The settlement file format at its edges (issue #35, from the mutation run): the size and length limits
exactly at the limit and one past it, each kind of refusal with its own words, the older formats, the warnings
in the order a student reads them, file names, and which autosaved draft opens first."""

import datetime as dt
import json
import os
import re

import pytest

from peacebook.files import storage, submission, submission_fields
from peacebook.model.settlement import Catalogue, Choice, Draft, Rating
from peacebook.files.submission import SubmissionError, parse_submission


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def exported(catalogue, **changes) -> dict:
    draft = catalogue.draft_from_text("M2", student="Ana", title="T")
    return {**json.loads(submission.export_json(draft)), **changes}


def signed(payload: dict) -> str:
    return json.dumps({**payload, "checksum": submission._checksum(payload)})


def refusal(raw, catalogue) -> str:
    with pytest.raises(SubmissionError) as caught:
        parse_submission(raw, catalogue)
    return str(caught.value)


# --- sizes and lengths ---------------------------------------------------------------------------


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(catalogue):
    payload = exported(catalogue)
    text = json.dumps(payload)
    padded = text[:-1] + " " * (submission.MAX_BYTES - len(text.encode("utf-8"))) + "}"
    assert len(padded.encode("utf-8")) == submission.MAX_BYTES
    assert parse_submission(padded, catalogue).draft.student == "Ana"
    message = refusal(padded[:-1] + " }", catalogue)
    assert message == "The file is 1.0 MB; a settlement file is at most 1 MB. Is it the right file?"
    assert refusal(b"", catalogue) == "The file is empty."


def test_a_text_of_exactly_the_length_limit_is_read_and_one_character_more_is_refused(catalogue):
    limit = submission_fields.MAX_TEXT
    assert parse_submission(signed(exported(catalogue, title="x" * limit)), catalogue).draft.title == "x" * limit
    assert refusal(signed(exported(catalogue, title="x" * (limit + 1))), catalogue) == (
        f"The title is {limit + 1:,} characters long; at most {limit:,} are allowed"
    )
    assert refusal(signed(exported(catalogue, student=["Ana"])), catalogue) == (
        "The student name should be text, but the file has list"
    )
    assert parse_submission(signed(exported(catalogue, fallback=None)), catalogue).draft.fallback == ""


@pytest.mark.parametrize(
    "field, called",
    [
        ("student", "The student name"),
        ("title", "The title"),
        ("table", "The table"),
        ("fallback", "The fallback"),
        ("created", "'created'"),
        ("modified", "'modified'"),
    ],
)
def test_each_text_field_that_is_not_text_is_named(field, called, catalogue):
    assert (
        refusal(signed(exported(catalogue, **{field: 7})), catalogue)
        == f"{called} should be text, but the file has int"
    )


def test_a_file_keeps_its_own_times_and_a_file_without_them_gets_the_time_of_import(catalogue):
    times = {"created": "2026-01-02T03:04:05+00:00", "modified": "2026-02-03T04:05:06+00:00"}
    draft = parse_submission(signed(exported(catalogue, **times)), catalogue).draft
    assert (draft.created, draft.modified) == (times["created"], times["modified"])
    bare = exported(catalogue)
    del bare["created"], bare["modified"]
    draft = parse_submission(signed(bare), catalogue).draft
    for stamp in (draft.created, draft.modified):
        assert dt.datetime.fromisoformat(stamp).tzinfo is not None and stamp > times["modified"]


# --- refusals, each with its own words -----------------------------------------------------------


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"resources": [], "name": "x"}, "This looks like a data package (datapackage.json), not a settlement file."),
        ({"cells": [], "nbformat": 4}, "This is a Jupyter notebook, not a settlement file. Export your settlement"),
        ([], "This file holds a JSON list or value, not a settlement."),
        ({"format": "other"}, 'This JSON file is not a settlement exported by the workshop (it has no "format": '),
        ({"format": "peacebook-settlement", "version": True}, "The file's version ('True') is not one the workshop"),
        ({"format": "peacebook-settlement", "version": 0}, "The file's version ('0') is not one the workshop ever"),
        ({"format": "peacebook-settlement", "version": "4"}, "The file's version ('4') is not one the workshop"),
        ({"format": "peacebook-settlement"}, "The file's version ('None') is not one the workshop ever wrote."),
    ],
)
def test_each_wrong_file_is_named_for_what_it_is(payload, message, catalogue):
    assert refusal(json.dumps(payload), catalogue).startswith(message)


def test_a_newer_format_asks_for_a_newer_book(catalogue):
    version = submission.VERSION + 1
    assert refusal(json.dumps({"format": "peacebook-settlement", "version": version}), catalogue) == (
        f"The file was written by a newer version of the book (settlement format {version}; this one reads up to "
        f"{submission.VERSION}). Update the book, then import it again."
    )
    # the newest format this book writes is read
    assert parse_submission(signed(exported(catalogue, version=submission.VERSION)), catalogue).migrated_from is None


def test_a_file_cut_off_while_downloading_says_so_and_a_file_broken_inside_does_not(catalogue):
    text = submission.export_json(catalogue.draft_from_text("M2"))
    inside_a_string = text[: text.index('"checksum": "sha256:') + 30]
    between_values = text[: text.index('"ratings"')]
    for cut in (inside_a_string, between_values, text[:-1]):
        assert refusal(cut, catalogue).endswith("It may have been cut off while downloading."), cut[-30:]
    broken = text.replace('"title"', '"title" oops', 1)
    assert "not valid JSON (line" in refusal(broken, catalogue)
    assert "cut off" not in refusal(broken, catalogue)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_either_byte_order_mark_is_read(encoding, catalogue):
    text = submission.export_json(catalogue.draft_from_text("M2", student="Ж"))
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    result = parse_submission(bom + text.encode(encoding), catalogue)
    assert result.draft.student == "Ж" and not result.edited


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda p: p.update(unrecognised=[1]), "The file's 'unrecognised' section is malformed."),
        (lambda p: p.update(acknowledged=["F1"]), "The file's 'acknowledged' section is malformed."),
        (lambda p: p.update(ratings=["D1"]), "The file's 'ratings' section is malformed."),
        (lambda p: p["ratings"].update(D1=2), "The rating of 'D1' is malformed."),
        (lambda p: p["choices"].update(A01="A01.a"), "The choice for issue 'A01' is malformed."),
        (lambda p: p["choices"]["A01"].update(option_id=5), "The option for issue 'A01' is malformed."),
        (lambda p: p["ratings"].update(D1={"score": "2"}), "The rating of 'D1' is '2'; ratings are whole numbers"),
        (lambda p: p["ratings"].update(D1={"score": -1}), "The rating of 'D1' is -1; ratings are whole numbers from 0"),
        (lambda p: p["ratings"].update(D1={"score": 4}), "The rating of 'D1' is 4; ratings are whole numbers from 0"),
        (lambda p: p["choices"]["A01"].update(weight=6), "The priority of issue 'A01' is '6'; priorities are whole"),
        (lambda p: p["acknowledged"].update(F1=3), "Your reason for keeping flag F1 should be text, but the file"),
        (lambda p: p["choices"]["A01"].update(custom_text=1), "The custom option for A01 should be text"),
        (lambda p: p["choices"]["A01"].update(justification=[]), "The justification for A01 should be text"),
        (lambda p: p["ratings"].update(D1={"score": 1, "reason": 5}), "Your reason for rating D1 should be text"),
    ],
)
def test_each_malformed_section_is_named(edit, message, catalogue):
    payload = exported(catalogue, ratings={"D1": {"score": 1, "reason": ""}}, acknowledged={"F1": "why"})
    edit(payload)
    assert refusal(signed(payload), catalogue).startswith(message)


def test_the_edges_of_what_a_file_may_hold_are_read(catalogue):
    payload = exported(catalogue)
    payload["ratings"] = {"D1": {"score": 0, "reason": "none"}, "D2": {"score": 3}, "D3": {"score": None}}
    payload["choices"]["A01"].update(weight=0)
    payload["choices"]["A02"] = {"option_id": None, "custom_text": None, "justification": None, "weight": 5}
    draft = parse_submission(signed(payload), catalogue).draft
    assert draft.ratings == {"D1": Rating(0, "none"), "D2": Rating(3, ""), "D3": Rating(None, "")}
    assert draft.choice("A01").weight == 0 and draft.choice("A02") == Choice(weight=5)


# --- what is kept aside, and what is said ---------------------------------------------------------


def test_what_the_book_cannot_place_is_kept_aside_with_a_warning_each(catalogue):
    payload = exported(catalogue, role="Atlantis", started_from="ZZ")
    # an issue this book does not have, listed first: the issues after it are still read
    payload["choices"] = {
        "A00": {"option_id": None, "custom_text": "new", "justification": "why"},
        **payload["choices"],
    }
    payload["choices"]["A01"].update(
        option_id="A02.a", custom_text="my words", justification="mine", acceptable=["A01.a"], weight=3
    )
    payload["acknowledged"] = {"F99": "kept", "F1": "kept too"}
    payload["ratings"] = {"D99": {"score": 1, "reason": "r"}}
    result = parse_submission(signed(payload), catalogue)
    assert result.warnings == [
        "The role-play role 'Atlantis' is not one this book knows (Ukraine, Russia, United States, Europe, Mediator); "
        "choose your role again. Everything else in the file was read.",
        "Issue 'A00' is not in this version of the book; your entry for it is kept aside and will be exported again, "
        "but it is not shown.",
        "Option 'A02.a' for A01 (Ceasefire) is not in this version of the book. The issue is left open for you to "
        "choose again; your justification is kept.",
        "Flag 'F99' is not in this version of the book; your reason is kept aside.",
        "Mechanism 'D99' is not in this version of the book; your rating is kept aside.",
    ]
    draft = result.draft
    assert draft.role is None and draft.started_from is None
    assert draft.choice("A01") == Choice(custom_text="my words", justification="mine", acceptable=("A01.a",), weight=3)
    assert set(draft.choices) == set(payload["choices"]) - {"A00"}
    assert draft.acknowledged == {"F1": "kept too"} and draft.ratings == {}
    assert draft.unrecognised == {
        "role": "Atlantis",
        "choices": {"A00": payload["choices"]["A00"], "A01": payload["choices"]["A01"]},
        "acknowledged": {"F99": "kept"},
        "ratings": {"D99": {"score": 1, "reason": "r"}},
    }
    again = parse_submission(submission.export_json(draft), catalogue)
    assert again.draft.unrecognised == draft.unrecognised and again.warnings == []


def test_a_long_wrong_role_or_priority_is_quoted_cut_short(catalogue):
    role = "R" * 100
    (warning,) = parse_submission(signed(exported(catalogue, role=role)), catalogue).warnings
    assert warning.startswith(f"The role-play role {'R' * 60!r} is not one this book knows")
    payload = exported(catalogue)
    payload["choices"]["A01"]["weight"] = "9" * 30
    assert refusal(signed(payload), catalogue).startswith(f"The priority of issue 'A01' is {'9' * 20!r}; priorities")


def test_what_was_kept_aside_earlier_is_kept_with_what_is_kept_aside_now(catalogue):
    payload = exported(catalogue, unrecognised={"ratings": {"D98": {"score": 2}}, "other": [1]})
    payload["ratings"] = {"D99": {"score": 1, "reason": "r"}}
    draft = parse_submission(signed(payload), catalogue).draft
    assert draft.unrecognised == {"ratings": {"D98": {"score": 2}, "D99": {"score": 1, "reason": "r"}}, "other": [1]}


def test_warnings_come_in_the_order_a_student_needs_them(catalogue):
    payload = exported(catalogue, role="Atlantis", title="bad \ud800 text")
    payload["choices"]["A01"]["justification"] = "changed by hand"
    warnings = parse_submission(json.dumps(payload), catalogue).warnings
    assert [w.split(" ")[:3] for w in warnings] == [
        ["This", "file", "was"],  # edited after export, first
        ["Some", "characters", "in"],  # then the characters replaced
        ["The", "role-play", "role"],  # then what was kept aside
    ]
    assert submission.EDITED_MARK in warnings[0]


def test_a_version_1_file_keeps_every_justification_and_reads_custom_options(catalogue):
    old = {
        "format": "peacebook-settlement",
        "version": 1,
        "student": "Old student",
        "title": "Old",
        "": "a stray entry, read as nothing",
        "choices": {"A01": "A01.b", "A05": "custom:  armed neutrality ", "A06": ""},
        "justifications": {"A07": "no view yet"},
    }
    result = parse_submission(json.dumps(old), catalogue)
    assert result.migrated_from == 1 and not result.edited
    assert result.warnings == [
        "This file was written in the older format 1; it was converted. Ratings and acknowledged flags did not exist "
        "then and start empty."
    ]
    d = result.draft
    assert d.title == "Old" and d.student == "Old student" and d.started_from is None
    assert d.choice("A01") == Choice("A01.b") and d.choice("A05") == Choice(custom_text="armed neutrality")
    assert d.choice("A06") == Choice() and d.choice("A07") == Choice(justification="no view yet")
    assert set(d.choices) == {"A01", "A05", "A06", "A07"}
    only_choices = {k: v for k, v in old.items() if k != "justifications"}
    assert parse_submission(json.dumps(only_choices), catalogue).draft.choice("A01") == Choice("A01.b")
    only_reasons = {k: v for k, v in old.items() if k != "choices"}
    assert parse_submission(json.dumps(only_reasons), catalogue).draft.choices == {
        "A07": Choice(justification="no view yet")
    }
    for bad in ({"choices": ["A01"]}, {"justifications": "none"}):
        message = refusal(json.dumps({**old, **bad}), catalogue)
        assert message == "this version-1 file's 'choices' or 'justifications' is not a list of issues"


def test_a_file_marked_edited_by_the_workshop_stays_marked_even_with_a_good_checksum(catalogue):
    payload = exported(catalogue, edited_after_export=True)
    assert parse_submission(signed(payload), catalogue).edited
    assert not parse_submission(signed(exported(catalogue, edited_after_export="yes")), catalogue).edited


# --- file names and autosaves ---------------------------------------------------------------------


def test_the_exported_files_are_named_after_the_student_safely(catalogue, tmp_path):
    names = {
        "Ana Kovač": "settlement-Ana-Kova-",
        "../../etc/passwd": "settlement-etc-passwd-",
        "": "settlement-draft-",
        "ж": "settlement-draft-",
        "x" * 60: f"settlement-{'x' * 40}-",
    }
    for student, prefix in names.items():
        json_path, html_path = submission.save_submission(Draft(student=student), catalogue, tmp_path)
        assert json_path.parent == tmp_path and json_path.name.startswith(prefix), (student, json_path.name)
        assert re.fullmatch(re.escape(prefix) + r"\d{8}-\d{6}\.json", json_path.name), json_path.name  # then the time
        assert json_path.suffix == ".json" and html_path == json_path.with_suffix(".html") and html_path.exists()


def test_autosaved_drafts_open_newest_first_and_the_unreadable_last(catalogue, tmp_path):
    def slot(name, draft):
        path = tmp_path / name
        path.write_text(submission.export_json(draft), encoding="utf-8")
        return path

    older = slot(".settlement-autosave-b.json", Draft(student="older", modified="2026-01-01T00:00:00+00:00"))
    newer = slot(".settlement-autosave.json", Draft(student="newer", modified="2026-02-01T00:00:00+00:00"))
    same_second = slot(".settlement-autosave-c.json", Draft(student="tie", modified="2026-02-01T00:00:00+00:00"))
    os.utime(newer, ns=(10**18, 10**18))
    os.utime(same_second, ns=(2 * 10**18, 2 * 10**18))  # written later within the same second: it wins the tie
    broken = tmp_path / ".settlement-autosave-a.json"
    broken.write_text("{", encoding="utf-8")
    folder = tmp_path / ".settlement-autosave-d.json"  # a folder with a slot's name cannot be read
    folder.mkdir()
    (tmp_path / "settlement-not-a-slot.json").write_text("{", encoding="utf-8")
    found = submission.autosaved_drafts(tmp_path, catalogue)
    assert [a.path for a in found] == [same_second, newer, older, broken, folder]
    assert [a.result.draft.student for a in found[:3]] == ["tie", "newer", "older"]
    assert found[3].result is None and found[3].problem.startswith("The file is not valid JSON")
    assert found[4].result is None and found[4].problem == "could not be read: Is a directory"
    assert storage.autosave_slots(tmp_path) == sorted([older, newer, same_second, broken, folder])


# --- the exported file as a person reads it (issue #35, from the mutation run) --------------------


def test_the_exported_file_is_indented_keeps_letters_as_typed_and_records_when_it_was_exported(catalogue):
    """An instructor or a student opening the file in an editor reads it: two spaces a level, letters as typed
    (not \\u escapes), and the time of export beside the draft's own times."""
    draft = catalogue.draft_from_text("M2", student="Ана Kovač", title="T")
    draft.modified = "2026-02-03T04:05:06+00:00"
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    text = submission.export_json(draft)
    after = dt.datetime.now(dt.timezone.utc)
    assert text.startswith('{\n  "format": "peacebook-settlement",\n  "version": 4,\n  "book_data_as_of": "')
    assert '\n  "student": "Ана Kovač",\n' in text and '\n  "choices": {\n    "A01": {\n      "kind": ' in text
    payload = json.loads(text)
    assert before <= dt.datetime.fromisoformat(payload["exported"]) <= after
    assert payload["modified"] == "2026-02-03T04:05:06+00:00"
    assert parse_submission(text, catalogue).draft.modified == "2026-02-03T04:05:06+00:00"


def test_a_file_holding_a_lone_surrogate_is_indented_too_with_the_surrogate_as_an_escape(catalogue):
    draft = catalogue.draft_from_text("M2", student="Ана", title="typed \udc00")
    text = submission.export_json(draft)
    assert text.startswith('{\n  "format": "peacebook-settlement",\n  "version": 4,\n')
    assert '\n  "title": "typed \\udc00",\n' in text and '"student": "\\u0410\\u043d\\u0430"' in text


def test_text_that_cannot_be_a_file_gets_the_not_text_message_never_another_error(catalogue):
    """A lone surrogate in text handed over as a string (never UTF-8 bytes), and bytes that are not UTF-8."""
    message = "The file is not text (UTF-8). Is it the .json file the workshop exported?"
    assert refusal('{"format": "peacebook-settlement", "title": "\ud800"}', catalogue) == message
    assert refusal(b'{"title": "\xff"}', catalogue) == message


def test_a_file_nested_too_deeply_says_so_in_full(catalogue):
    assert refusal("[" * 200_000 + "]" * 200_000, catalogue) == (
        "The file is nested far more deeply than any settlement file; it is not one the workshop exported."
    )


def test_a_name_starting_or_ending_with_an_x_keeps_it_in_the_file_name(catalogue, tmp_path):
    json_path, _ = submission.save_submission(Draft(student="Xavier X"), catalogue, tmp_path)
    assert json_path.name.startswith("settlement-Xavier-X-")


def test_the_size_of_a_file_too_large_is_given_to_a_tenth_of_a_megabyte(catalogue):
    assert refusal(b" " * 1_050_000, catalogue) == (
        "The file is 1.1 MB; a settlement file is at most 1 MB. Is it the right file?"
    )


def test_the_cut_off_hint_is_for_an_error_at_the_last_character_or_past_it_and_only_there(catalogue):
    """A file that ends where JSON still expects more (or whose last character is where it breaks) may have been
    cut off; a file broken earlier than that was not."""
    assert refusal('{"a": 1', catalogue) == (
        "The file is not valid JSON (line 1, column 8: Expecting ',' delimiter). It may have been cut off while "
        "downloading."
    )
    assert refusal("[1,]", catalogue) == (
        "The file is not valid JSON (line 1, column 4: Expecting value). It may have been cut off while downloading."
    )
    assert refusal("[1,]]", catalogue) == "The file is not valid JSON (line 1, column 4: Expecting value)."


def test_a_long_wrong_version_is_quoted_cut_to_forty_characters(catalogue):
    version = "v" * 50
    assert refusal(json.dumps({"format": "peacebook-settlement", "version": version}), catalogue) == (
        f"The file's version ({'v' * 40!r}) is not one the workshop ever wrote."
    )


def test_the_warnings_of_an_edited_file_with_replaced_characters_in_full(catalogue):
    payload = exported(catalogue, title="bad \ud800 text")
    payload["choices"]["A01"]["justification"] = "changed by hand"
    assert parse_submission(json.dumps(payload), catalogue).warnings == [
        f"This file was {submission.EDITED_MARK}: it was changed after the workshop exported it, by hand or by "
        "accident. Everything in it was read. The mark stays with the draft, on its next export and its report, for "
        "your instructor to see.",
        "Some characters in the file were not valid text; each was replaced with \ufffd.",
    ]


def test_a_table_name_is_read_onto_one_line_with_joiners_kept(catalogue):
    """No table name can break or reorder the line the dashboard prints it on; the zero-width joiners that some
    scripts need inside a word (Persian, Devanagari, emoji sequences) stay."""
    payload = exported(catalogue, table="Table\t1\r\n\u2028\u2029\u202eB\x00  \u200c\u200dx ")
    assert parse_submission(signed(payload), catalogue).draft.table == "Table 1 B \u200c\u200dx"
    assert submission_fields.one_line("a\u0085b\u200bc\u2066d") == "a b c d"


def test_a_choices_section_that_is_not_a_list_of_issues_is_named(catalogue):
    assert refusal(signed(exported(catalogue, choices=["A01"])), catalogue) == (
        "The file's 'choices' section is malformed."
    )


def test_options_marked_acceptable_that_the_issue_does_not_have_are_kept_aside_with_the_warning_in_full(catalogue):
    payload = exported(catalogue, role="Ukraine")
    payload["choices"]["A01"]["acceptable"] = ["A01.a", "A02.a", "A99.z"]
    result = parse_submission(signed(payload), catalogue)
    assert result.warnings == [
        "Some options you marked acceptable for A01 are not options of that issue in this version of the book; they "
        "are kept aside and will be exported again."
    ]
    assert result.draft.choice("A01").acceptable == ("A01.a",)
    assert result.draft.unrecognised == {"acceptable": {"A01": ["A02.a", "A99.z"]}}
