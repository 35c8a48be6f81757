"""Write the example folders the instructor dashboard opens by default: chapters/example-class/ (settlements)
and chapters/example-roleplay/ (negotiation briefs, one per party).

The files are made up, labelled as examples, and built with the workshop's own model and export, so they
stay valid; rerun after changing the taxonomy:  .venv/bin/python scripts/make-example-submissions.py

The example briefs follow a mechanical rule, not anyone's judgement of the parties: each opens with the
options of one text (below) and marks as acceptable that option and up to two options either side of it on the issue's spectrum.
"""
from pathlib import Path

from peacebook import storage, submission
from peacebook.settlement import Catalogue, Choice, Rating

FOLDER = Path(__file__).resolve().parent.parent / "chapters" / "example-class"
ROLEPLAY_FOLDER = FOLDER.parent / "example-roleplay"
BRIEF_TEXTS = {"Ukraine": "UM", "Russia": "RM", "United States": "US28", "Europe": "F20"}


def write_briefs(catalogue):
    ROLEPLAY_FOLDER.mkdir(exist_ok=True)
    for old in ROLEPLAY_FOLDER.glob("*.json"):
        old.unlink()
    options = catalogue.options
    for party, text_code in BRIEF_TEXTS.items():
        draft = catalogue.draft_from_text(text_code, student=f"Example negotiator ({party})",
                                          title=f"Example brief for {party}, opening with the {text_code} text")
        draft.role = party
        for issue_id, choice in draft.choices.items():
            spectrum = options[options.issue_id == issue_id].sort_values("order")["option_id"].tolist()
            at = spectrum.index(choice.option_id)
            choice.acceptable = tuple(spectrum[max(at - 2, 0): at + 3])
            choice.justification = "Example (made up for the demo): the opening text's option and its neighbours."
        name = f"brief-{party.split()[-1].lower()}.json"
        storage.write_atomically(ROLEPLAY_FOLDER / name, submission.export_json(draft))


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
