"""Write the example folders the instructor dashboard opens by default: chapters/example-class/ (settlements)
and chapters/example-roleplay/ (negotiation briefs at two tables).

The files are made up, labelled as examples, and built with the workshop's own model and export, so they
stay valid; rerun after changing the taxonomy or the positions:  .venv/bin/python scripts/make-example-submissions.py

The example briefs follow the record, not anyone's judgement of the parties (peacebook.model.party_record.grounded_brief):
on each issue a party's range is the options its latest recorded stance since the full-scale invasion proposed,
accepted or left open, each citing its row; where the record is silent the range is left not stated, and the brief
says so. Priorities and fallbacks are a student's own judgement; the examples set them by one stated rule that
treats every party alike (party_record.example_priorities: how often the party spoke to the issue since the
invasion, at most 5) and give every party the same made-up fallback. This is the dry run of the role-play kit's
worked example (chapters/roleplay-dry-run.ipynb): at table A the United States is a party and a chair hands in
the final single text, starting from the current proposal; at table B the United States chairs as the mediator
and tables its own 28-point plan.
"""

from pathlib import Path

from peacebook.model import current, party_record
from peacebook import data
from peacebook.files import storage, submission
from peacebook.model.settlement import Catalogue, Choice, Rating
from peacebook.data.vocabulary import MEDIATOR

FOLDER = Path(__file__).resolve().parent.parent / "chapters" / "example-class"
ROLEPLAY_FOLDER = FOLDER.parent / "example-roleplay"


TABLES = {
    "A": ["Ukraine", "Russia", "United States", "Europe", MEDIATOR],
    "B": ["Ukraine", "Russia", "Europe", MEDIATOR],
}
# The single text each table's chair (table A) or mediator (table B) hands in at the end.
TEXTS = {"A": "current proposal", "B": "US28"}


def write_briefs(catalogue):
    positions = data.load_table("positions")
    ROLEPLAY_FOLDER.mkdir(exist_ok=True)
    for old in ROLEPLAY_FOLDER.glob("*.json"):
        old.unlink()
    for table, roles in TABLES.items():
        for role in roles:
            if role == MEDIATOR:  # the table's single negotiating text, as the chair or mediator hands it in
                code = TEXTS[table]
                if code == "current proposal":
                    code = current.current_proposal(catalogue.texts, catalogue.provisions).text_code
                who = "chair" if "United States" in roles else "mediator (United States)"
                draft = catalogue.draft_from_text(
                    code,
                    student=f"Example {who}, table {table}",
                    table=table,
                    title=f"Example final single text at table {table}, the {who}'s, starting from {code}",
                )
                draft.role = MEDIATOR
                name = f"table-{table.lower()}-text.json"
            else:
                draft = party_record.grounded_brief(
                    catalogue,
                    role,
                    positions,
                    student=f"Example negotiator ({role}, table {table})",
                    table=table,
                    title=f"Example brief for {role} at table {table}, following the record",
                )
                for issue_id, weight in party_record.example_priorities(positions, role, catalogue.issue_ids).items():
                    if draft.choice(issue_id).acceptable:
                        draft.choices[issue_id].weight = weight
                draft.fallback = party_record.EXAMPLE_FALLBACK
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
