"""Write the example class folder the instructor dashboard opens by default (chapters/example-class/).

The submissions are made up, labelled as examples, and built with the workshop's own model and export,
so they stay valid; rerun after changing the taxonomy:  .venv/bin/python scripts/make-example-submissions.py
"""
from pathlib import Path

from peacebook import submission
from peacebook.settlement import Catalogue, Choice, Rating

FOLDER = Path(__file__).resolve().parent.parent / "chapters" / "example-class"


def main():
    catalogue = Catalogue.load()
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.json"):
        old.unlink()
    examples = [
        ("Example student A", "M2", {"A20": "A20.a", "A10": "A10.d"}, {"F1": ""}),
        ("Example student B", "F20", {"A06": "A06.d", "A05": "A05.d"}, {"C1": "A force is the only credible deterrent."}),
        ("Example student C", "RM", {"A07": "A07.d"}, {}),
        ("Example student D", "IC", {"A02": "A02.a", "A01": "A01.b"}, {}),
    ]
    for student, start, changes, acknowledged in examples:
        draft = catalogue.draft_from_text(start, student=student, title=f"Example settlement starting from {start}")
        for issue_id, option_id in changes.items():
            draft.choices[issue_id] = Choice(option_id, justification="Example justification (made up for the demo).")
        draft.acknowledged = {rule: reason for rule, reason in acknowledged.items() if reason}
        draft.ratings = {"D1": Rating(1, "Example rating."), "D3": Rating(2, "Example rating.")}
        name = f"example-{student.split()[-1].lower()}.json"
        submission.write_atomically(FOLDER / name, submission.export_json(draft))
    # Two broken files, so the dashboard shows how it reports them.
    good = (FOLDER / "example-a.json").read_text()
    (FOLDER / "broken-truncated.json").write_text(good[: len(good) // 2])
    (FOLDER / "broken-not-a-settlement.json").write_text('{"note": "an example of a file that is not a settlement"}')
    print(f"wrote {len(list(FOLDER.glob('*.json')))} files to {FOLDER}")


if __name__ == "__main__":
    main()
