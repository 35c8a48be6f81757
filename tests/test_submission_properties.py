"""Property-based tests of the settlement importer: whatever bytes a student's file holds, it imports or
fails with the book's own clear message (SubmissionError), never another exception; what imports exports
again and reads back the same; and no text from the file reaches the report as markup.

The inputs start from real exports of drafts whose free text includes markup and script break-outs, then
get truncated, mutated, retyped, nested, re-encoded and inflated. The number of examples is bounded so the
test command stays fast; hypothesis keeps the failing examples it finds in its database between runs.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacebook.files import submission, submission_fields
from peacebook.model.settlement import Catalogue, Choice, Draft, Rating
from peacebook.files.submission import SubmissionError, parse_submission

CATALOGUE = Catalogue.load()
HOSTILE = [
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b>",
    "&amp;",
    "\u2028",
    "'\"`",
    "{{7*7}}",
    "${alert(1)}",
    "javascript:alert(1)",
    "\x00",
    "\ufeff",
    "🇺🇦",
    "Ж",
]
PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=60), st.lists(st.sampled_from(HOSTILE), max_size=3).map("".join)
)
json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True), texts
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def drafts(draw) -> Draft:
    draft = Draft(student=draw(texts), title=draw(texts), role=draw(st.sampled_from([None, "Ukraine", "Russia"])))
    for issue_id in draw(st.lists(st.sampled_from(CATALOGUE.issue_ids), max_size=5, unique=True)):
        options = sorted(o for o, i in CATALOGUE.option_issue.items() if i == issue_id)
        draft.choices[issue_id] = Choice(
            option_id=draw(st.sampled_from([None, *options])),
            custom_text=draw(texts),
            justification=draw(texts),
            acceptable=tuple(draw(st.lists(st.sampled_from(options), max_size=2, unique=True))),
        )
    for mechanism_id in draw(st.lists(st.sampled_from(CATALOGUE.mechanism_ids), max_size=3, unique=True)):
        draft.ratings[mechanism_id] = Rating(draw(st.sampled_from([None, 0, 1, 2, 3])), draw(texts))
    return draft


def _paths(value, prefix=()):
    """Every path into a JSON value, for replacing one part of a file."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(payload, path, new):
    if not path:
        return new
    target = payload
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return payload


@st.composite
def files(draw) -> bytes:
    """A real export, then one of the ways files arrive damaged or doctored."""
    text = submission.export_json(draw(drafts()))
    how = draw(
        st.sampled_from(
            [
                "as is",
                "truncated",
                "bytes flipped",
                "a value replaced",
                "deeply nested",
                "re-encoded",
                "inflated",
                "signed after a change",
            ]
        )
    )
    if how == "truncated":
        return text.encode("utf-8")[: draw(st.integers(0, len(text)))]
    if how == "bytes flipped":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 5))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(raw)
    if how in ("a value replaced", "signed after a change"):
        payload = json.loads(text)
        path = draw(st.sampled_from(list(_paths(payload))))
        payload = _replace(payload, path, draw(json_values))
        if how == "signed after a change" and isinstance(payload, dict):
            payload["checksum"] = submission._checksum(payload)
        return json.dumps(payload).encode("utf-8")
    if how == "deeply nested":
        depth = draw(st.integers(500, 50_000))
        return (
            '{"format": "peacebook-settlement", "version": 3, "choices": ' + "[" * depth + "]" * depth + "}"
        ).encode("utf-8")
    if how == "re-encoded":
        encoding = draw(st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1251"]))
        return text.encode(encoding, errors="replace")
    if how == "inflated":
        payload = json.loads(text)
        payload["title"] = "x" * draw(st.integers(submission_fields.MAX_TEXT - 5, submission_fields.MAX_TEXT + 5))
        payload["checksum"] = submission._checksum(payload)
        return json.dumps(payload).encode("utf-8")
    return text.encode("utf-8")


@PROPERTY_SETTINGS
@given(raw=files())
def test_any_file_imports_or_fails_with_a_clear_message(raw):
    try:
        result = parse_submission(raw, CATALOGUE)
    except SubmissionError as err:
        assert str(err).strip(), "every refusal says why"
        return
    # What imports exports again, and reads back as the same draft.
    again = parse_submission(submission.export_json(result.draft), CATALOGUE)
    assert again.draft == result.draft
    # No text from the file reaches the report as markup.
    page = submission.report_html(result.draft, CATALOGUE, CATALOGUE.feedback(result.draft))
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=2000))
def test_any_bytes_at_all_import_or_fail_clearly(raw):
    try:
        parse_submission(raw, CATALOGUE)
    except SubmissionError:
        pass


@PROPERTY_SETTINGS
@given(draft=drafts())
def test_every_draft_round_trips_and_is_not_marked_edited(draft):
    result = parse_submission(submission.export_json(draft), CATALOGUE)
    assert result.draft == draft and not result.edited
