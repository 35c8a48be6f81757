"""Write the example folders the instructor dashboard opens by default: chapters/example-class/ (settlements)
and chapters/example-roleplay/ (negotiation briefs at two tables).

The files are made up, labelled as examples, and built with the workshop's own model and export, so they
stay valid; rerun after changing the taxonomy or the positions:  .venv/bin/python scripts/make-example-submissions.py

The example briefs follow the record, not anyone's judgement of the parties (peacebook.party_record.grounded_brief):
on each issue a party's range is the options its latest recorded stance proposed, accepted or left open, each
citing its row; where the record is silent the range is left not stated, and the brief says so. Priorities and
fallbacks are a student's own judgement, so the examples leave them not stated. Table A has all four parties;
at table B the United States chairs as the mediator.
"""

from pathlib import Path

from peacebook import current, party_record, storage, submission
from peacebook.settlement import Catalogue, Choice, Rating
from peacebook.vocabulary import MEDIATOR

FOLDER = Path(__file__).resolve().parent.parent / "chapters" / "example-class"
ROLEPLAY_FOLDER = FOLDER.parent / "example-roleplay"


TABLES = {"A": ["Ukraine", "Russia", "United States", "Europe"], "B": ["Ukraine", "Russia", "Europe", MEDIATOR]}


def write_briefs(catalogue):
    ROLEPLAY_FOLDER.mkdir(exist_ok=True)
    for old in ROLEPLAY_FOLDER.glob("*.json"):
        old.unlink()
    for table, roles in TABLES.items():
        for role in roles:
            meta = {
                "student": f"Example negotiator ({role}, table {table})",
                "table": table,
                "title": f"Example brief for {role} at table {table}, following the record",
            }
            if role == MEDIATOR:  # the mediator's single negotiating text: the current proposal's options
                draft = catalogue.draft_from_text(
                    current.current_proposal(catalogue.texts, catalogue.provisions).text_code, **meta
                )
                draft.role = MEDIATOR
            else:
                draft = party_record.grounded_brief(catalogue, role, **meta)
            name = f"table-{table.lower()}-{role.split()[-1].lower()}.json"
            storage.write_atomically(ROLEPLAY_FOLDER / name, submission.export_json(draft))


def main():
    catalogue = Catalogue.load()
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.json"):
        old.unlink()
    examples = [
        ("Example student A", "M2", {"A20": "A20.a", "A10": "A10.d"}, {"F1": ""}),
        (
            "Example student B",
            "F20",
            {"A06": "A06.d", "A05": "A05.d"},
            {"C1": "A force is the only credible deterrent."},
        ),
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
        storage.write_atomically(FOLDER / name, submission.export_json(draft))
    # Two broken files, so the dashboard shows how it reports them.
    good = (FOLDER / "example-a.json").read_text()
    (FOLDER / "broken-truncated.json").write_text(good[: len(good) // 2])
    (FOLDER / "broken-not-a-settlement.json").write_text('{"note": "an example of a file that is not a settlement"}')
    print(f"wrote {len(list(FOLDER.glob('*.json')))} files to {FOLDER}")
    write_briefs(catalogue)
    print(f"wrote {len(list(ROLEPLAY_FOLDER.glob('*.json')))} files to {ROLEPLAY_FOLDER}")


if __name__ == "__main__":
    main()
