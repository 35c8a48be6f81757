"""The settlement model, on small hand-made tables whose answers are worked out by hand, and every real
rule of data/rules.csv against drafts built to trip it and not to."""

import pandas as pd
import pytest

from peacebook import data
from peacebook.data import vocabulary
from peacebook.model.settlement import Catalogue, Choice, Draft


def frame(rows, dates=()):
    out = pd.DataFrame(rows)
    for column in dates:
        out[column] = pd.to_datetime(out[column])
    return out


def source(**row):
    return {"source_url": "https://example.org/x", "source_publisher": "Example", **row}


def toy_tables():
    """Two issues (X01 with options a-c, X02 with a-b), two texts, a few positions and rules."""
    return {
        "issues": frame(
            [
                {"issue_id": "X01", "order": 1, "title": "Ceasefire"},
                {"issue_id": "X02", "order": 2, "title": "Monitoring"},
            ]
        ),
        "options": frame(
            [{"option_id": f"X01.{o}", "issue_id": "X01", "order": i, "label": o} for i, o in enumerate("abc", 1)]
            + [{"option_id": f"X02.{o}", "issue_id": "X02", "order": i, "label": o} for i, o in enumerate("ab", 1)]
        ),
        "texts": frame(
            [
                {"text_code": "T1", "short_title": "Text one", "date": "2015-01-01"},
                {"text_code": "T2", "short_title": "Text two", "date": "2025-01-01"},
            ],
            dates=["date"],
        ),
        "provisions": frame(
            [
                source(provision_id="T1-1", text_code="T1", order=1, issue_id="X01", option_id="X01.a"),
                source(provision_id="T1-2", text_code="T1", order=2, issue_id="X02", option_id="X02.b"),
                source(provision_id="T2-1", text_code="T2", order=1, issue_id="X01", option_id="X01.b"),
                source(provision_id="T2-2", text_code="T2", order=2, issue_id="X01", option_id="X01.c"),
                source(provision_id="T2-3", text_code="T2", order=3, issue_id="X01", option_id="X01.c"),
            ]
        ),
        "positions": frame(
            [
                # Russia rejected X01.a in 2020 but accepted it in 2024: the later stance counts.
                source(
                    position_id="R1",
                    party="Russia",
                    option_id="X01.a",
                    stance="rejected",
                    evidence="on_record_statement",
                    date="2020-01-01",
                    speaker="A",
                    summary="s",
                ),
                source(
                    position_id="R2",
                    party="Russia",
                    option_id="X01.a",
                    stance="accepted",
                    evidence="signed_text",
                    date="2024-01-01",
                    speaker="A",
                    summary="s",
                ),
                # Ukraine rejected X01.b and still does; the US rejected X02.a.
                source(
                    position_id="U1",
                    party="Ukraine",
                    option_id="X01.b",
                    stance="rejected",
                    evidence="on_record_statement",
                    date="2023-01-01",
                    speaker="B",
                    summary="s",
                ),
                source(
                    position_id="S1",
                    party="United States",
                    option_id="X02.a",
                    stance="rejected",
                    evidence="on_record_statement",
                    date="2025-01-01",
                    speaker="C",
                    summary="s",
                ),
                source(
                    position_id="E1",
                    party="Europe",
                    option_id="X02.a",
                    stance="proposed",
                    evidence="formally_tabled",
                    date="2025-02-01",
                    speaker="D",
                    summary="s",
                ),
            ],
            dates=["date"],
        ),
        "rules": frame(
            [
                {
                    "rule_id": "C1",
                    "kind": "consistency",
                    "order": 1,
                    "title": "b with b",
                    "if_any": "X01.b",
                    "and_any": "X02.b",
                    "and_none": None,
                    "and_silent": None,
                    "reasoning": "r",
                    "texts": "T1",
                    "references": None,
                    "source_url": None,
                    "source_publisher": None,
                },
                {
                    "rule_id": "C2",
                    "kind": "consistency",
                    "order": 2,
                    "title": "c unless X02.a",
                    "if_any": "X01.c",
                    "and_any": None,
                    "and_none": "X02.a",
                    "and_silent": None,
                    "reasoning": "r",
                    "texts": "T1",
                    "references": None,
                    "source_url": None,
                    "source_publisher": None,
                },
                {
                    "rule_id": "F1",
                    "kind": "minsk_failure",
                    "order": 3,
                    "title": "no monitoring",
                    "if_any": None,
                    "and_any": None,
                    "and_none": None,
                    "and_silent": "X02",
                    "reasoning": "r",
                    "texts": "T1",
                    "references": None,
                    "source_url": None,
                    "source_publisher": None,
                },
                {
                    "rule_id": "F2",
                    "kind": "minsk_failure",
                    "order": 4,
                    "title": "always asked",
                    "if_any": None,
                    "and_any": None,
                    "and_none": None,
                    "and_silent": None,
                    "reasoning": "r",
                    "texts": "T1",
                    "references": None,
                    "source_url": None,
                    "source_publisher": None,
                },
            ]
        ),
        "mechanisms": frame([{"mechanism_id": "D1", "order": 1, "name": "Buffer"}]),
        # the toy speaks the book's vocabularies (parties, stances, scales)
        **{name: data.load_table(name) for name in vocabulary.TABLES},
    }


@pytest.fixture
def toy():
    return Catalogue(toy_tables())


def draft(**choices):
    return Draft(choices={issue.replace("_", "."): Choice(option_id=option) for issue, option in choices.items()})


def test_a_blank_draft_trips_only_the_silence_rule_and_crosses_no_red_line(toy):
    feedback = toy.feedback(Draft())
    assert [r.rule_id for r in feedback.tripped] == ["F1"]
    assert [r.rule_id for r in feedback.questions] == ["F2"]
    assert feedback.red_line_counts() == {"Ukraine": 0, "Russia": 0, "United States": 0, "Europe": 0}


def test_only_the_latest_stance_of_a_party_counts_as_a_red_line(toy):
    assert toy.red_lines(Draft(choices={"X01": Choice("X01.a")}))["Russia"] == []  # rejected 2020, accepted 2024
    crossed = toy.red_lines(Draft(choices={"X01": Choice("X01.b"), "X02": Choice("X02.a")}))
    assert [s.position_id for s in crossed["Ukraine"]] == ["U1"]
    assert [s.position_id for s in crossed["United States"]] == ["S1"]
    assert crossed["Europe"] == [] and crossed["Russia"] == []


def test_stances_are_listed_latest_first_with_their_sources(toy):
    stances = toy.feedback(Draft(choices={"X01": Choice("X01.a")})).stances["X01.a"]
    assert [(s.position_id, s.stance, s.date) for s in stances] == [
        ("R2", "accepted", "2024-01-01"),
        ("R1", "rejected", "2020-01-01"),
    ]
    assert stances[0].source_url == "https://example.org/x"


@pytest.mark.parametrize(
    "choices, tripped",
    [
        ({"X01": "X01.b", "X02": "X02.b"}, ["C1"]),  # if_any and and_any both met
        ({"X01": "X01.b", "X02": "X02.a"}, []),  # and_any not met
        ({"X01": "X01.c", "X02": "X02.b"}, ["C2"]),  # and_none respected
        ({"X01": "X01.c", "X02": "X02.a"}, []),  # and_none present: not tripped
        ({"X01": "X01.c"}, ["C2", "F1"]),  # X02 silent
    ],
)
def test_rule_conditions(toy, choices, tripped):
    chosen = Draft(choices={i: Choice(o) for i, o in choices.items()})
    assert [r.rule_id for r in toy.feedback(chosen).tripped] == tripped


def test_a_custom_option_is_not_silent_and_matches_no_option(toy):
    custom = Draft(choices={"X02": Choice(custom_text="A joint commission with a neutral chair")})
    assert custom.choice("X02").kind == "custom"
    assert "F1" not in [r.rule_id for r in toy.feedback(custom).tripped]
    assert toy.resemblance(custom)["matches"].sum() == 0


def test_an_acknowledged_flag_carries_the_students_reason(toy):
    chosen = Draft(choices={"X01": Choice("X01.c")}, acknowledged={"C2": "Because monitoring comes later."})
    (c2,) = [r for r in toy.feedback(chosen).tripped if r.rule_id == "C2"]
    assert c2.acknowledged == "Because monitoring comes later."


def test_a_text_takes_its_most_frequent_option_per_issue_and_starts_a_draft(toy):
    assert toy.text_options == {"T1": {"X01": "X01.a", "X02": "X02.b"}, "T2": {"X01": "X01.c"}}
    started = toy.draft_from_text("T2", student="s1")
    assert started.started_from == "T2" and started.choice("X01").option_id == "X01.c"
    assert started.choice("X02").kind == "silent" and started.student == "s1"
    with pytest.raises(KeyError, match="texts you can start from: T1, T2"):
        toy.draft_from_text("T9")


def test_resemblance_counts_matching_issues_per_text(toy):
    table = toy.resemblance(Draft(choices={"X01": Choice("X01.a"), "X02": Choice("X02.b")}))
    assert table.iloc[0][["text_code", "matches", "comparable", "share"]].tolist() == ["T1", 2, 2, 1.0]
    assert table.set_index("text_code").loc["T2", "matches"] == 0


def test_check_choice_names_the_problem(toy):
    toy.check_choice("X01", "X01.b")
    with pytest.raises(ValueError, match="'X02.a' is not an option of issue X01"):
        toy.check_choice("X01", "X02.a")
    with pytest.raises(ValueError, match="unknown issue 'X09'"):
        toy.check_choice("X09", None)


# --- the real rules -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return Catalogue.load()


def _satisfying(real, rule):
    """A draft built to meet a rule's condition: an option from if_any and from and_any on their issues."""
    choices = {}
    for column in ("if_any", "and_any"):
        options = data.split_list(getattr(rule, column))
        if options:
            choices[real.option_issue[options[0]]] = Choice(options[0])
    silent = set(data.split_list(rule.and_silent))
    for issue_id in real.issue_ids:  # fill every other issue with an option the rule does not exclude
        if issue_id in choices or issue_id in silent:
            continue
        # nor another of its triggers (if_any may span issues, as C18's does), so that dropping the one
        # chosen trigger silences the rule
        excluded = set(data.split_list(rule.and_none)) | set(data.split_list(rule.if_any))
        allowed = [o for o in real.options.loc[real.options.issue_id == issue_id, "option_id"] if o not in excluded]
        choices[issue_id] = Choice(allowed[0])
    return Draft(choices=choices)


def test_every_real_rule_trips_on_a_draft_built_for_it_and_not_on_its_negation(real):
    conditional = [
        r
        for r in real.rules_table.itertuples()
        if any(data.split_list(getattr(r, c)) for c in ("if_any", "and_any", "and_none", "and_silent"))
    ]
    assert len(conditional) >= 15
    for rule in conditional:
        meeting = _satisfying(real, rule)
        assert rule.rule_id in [t.rule_id for t in real.feedback(meeting).tripped], rule.rule_id
        negated = Draft(choices=dict(meeting.choices))
        if data.split_list(rule.if_any):  # drop the triggering option: the rule must fall silent
            negated.choices.pop(real.option_issue[data.split_list(rule.if_any)[0]])
        elif data.split_list(rule.and_none):  # add an excluded option
            option = data.split_list(rule.and_none)[0]
            negated.choices[real.option_issue[option]] = Choice(option)
        else:  # fill the issue the rule needs silent
            issue = data.split_list(rule.and_silent)[0]
            negated.choices[issue] = Choice(real.options.loc[real.options.issue_id == issue, "option_id"].iloc[0])
        assert rule.rule_id not in [t.rule_id for t in real.feedback(negated).tripped], rule.rule_id


def test_real_red_lines_follow_the_positions_table(real):
    positions = data.load_table("positions").dropna(subset=["option_id"]).sort_values("date")
    latest = positions.groupby(["party", "option_id"]).tail(1)
    rejected = latest[latest.stance == "rejected"]
    everything = Draft(choices={})
    for option_id in rejected["option_id"]:
        everything.choices[real.option_issue[option_id]] = Choice(option_id)
    crossed = real.red_lines(everything)
    for party, group in rejected.groupby("party"):
        on_chosen = group[group.option_id.isin(everything.chosen_options())]
        assert sorted(s.position_id for s in crossed[party]) == sorted(on_chosen.position_id)


def test_every_text_with_coded_provisions_can_start_a_draft(real):
    for code in real.startable_texts()["text_code"]:
        started = real.draft_from_text(code)
        for issue_id, choice in started.choices.items():
            real.check_choice(issue_id, choice.option_id)


def test_a_rule_is_a_question_or_a_condition_on_the_draft():
    from types import SimpleNamespace

    from peacebook.model.settlement import Rule

    def rule(**conditions):
        fields = {"if_any": "", "and_any": "", "and_none": "", "and_silent": ""} | conditions
        return Rule.from_row(SimpleNamespace(**fields))

    assert rule().is_question and not rule().trips({"A01.a"}, set())
    force = rule(if_any="A06.d;A06.e", and_none="A09.a")
    assert not force.is_question
    assert (
        force.trips({"A06.d"}, set()) and not force.trips({"A06.d", "A09.a"}, set()) and not force.trips(set(), set())
    )
    silent = rule(if_any="A01.a", and_silent="A10")
    assert silent.trips({"A01.a"}, {"A10"}) and not silent.trips({"A01.a"}, set())


# --- what the audit of issue #35 planted and no test caught ---------------------------------------


def test_a_rule_needs_every_issue_in_and_silent_left_silent():
    """`and_silent` means all of its issues, not any: a draft that decides one of them does not trip it."""
    from types import SimpleNamespace

    from peacebook.model.settlement import Rule

    rule = Rule.from_row(SimpleNamespace(if_any="", and_any="", and_none="", and_silent="A10;A15"))
    assert rule.trips({"A01.a"}, {"A10", "A15", "A02"})
    assert not rule.trips({"A01.a"}, {"A10"}) and not rule.trips({"A01.a"}, {"A15"})
    assert not rule.trips(set(), set())


def test_a_toy_rule_on_two_silent_issues_trips_only_when_both_are_silent():
    tables = toy_tables()
    tables["rules"].loc[tables["rules"]["rule_id"] == "F1", "and_silent"] = "X01;X02"
    both = Catalogue(tables)
    assert "F1" in [r.rule_id for r in both.feedback(Draft()).tripped]
    assert "F1" not in [r.rule_id for r in both.feedback(draft(X01="X01.a")).tripped]
    assert "F1" not in [r.rule_id for r in both.feedback(draft(X02="X02.a")).tripped]


def test_a_text_that_codes_an_issue_twice_as_often_one_way_takes_that_option_and_a_tie_takes_the_earlier_point(toy):
    """The most frequent option, then the one of the earliest provision by its `order` (not by its row in the
    table, not by its id)."""
    rows = [
        # T3 codes X01 as c twice and a once: c wins whatever comes first
        dict(provision_id="T3-1", text_code="T3", order=1, issue_id="X01", option_id="X01.a"),
        dict(provision_id="T3-2", text_code="T3", order=2, issue_id="X01", option_id="X01.c"),
        dict(provision_id="T3-3", text_code="T3", order=3, issue_id="X01", option_id="X01.c"),
        # a tie on X02 between b (point 4) and a (point 5), listed in the table in the opposite order
        dict(provision_id="T3-5", text_code="T3", order=5, issue_id="X02", option_id="X02.a"),
        dict(provision_id="T3-4", text_code="T3", order=4, issue_id="X02", option_id="X02.b"),
    ]
    provisions = pd.concat([toy.provisions, frame([source(**r) for r in rows])], ignore_index=True)
    assert toy._index_text_options(provisions)["T3"] == {"X01": "X01.c", "X02": "X02.b"}
    assert toy._index_text_options(provisions.iloc[::-1])["T3"] == {"X01": "X01.c", "X02": "X02.b"}


def _ties_in_the_provisions_file():
    """Each (text, issue) whose most frequent options tie, read from data/provisions.csv with the csv module:
    the options of the tie, and the option of its earliest point."""
    import csv
    from collections import Counter, defaultdict

    with (data.DATA_DIR / "provisions.csv").open(encoding="utf-8", newline="") as handle:
        coded = [row for row in csv.DictReader(handle) if row["option_id"]]
    points = defaultdict(list)
    for row in coded:
        points[(row["text_code"], row["issue_id"])].append((int(row["order"]), row["option_id"]))
    ties = {}
    for key, found in points.items():
        counts = Counter(option for _, option in found)
        top = [option for option, n in counts.items() if n == max(counts.values())]
        if len(top) > 1:
            ties[key] = min((order, option) for order, option in found if option in top)[1]
    return ties


def test_every_real_tie_takes_the_option_of_the_texts_earliest_point(real):
    ties = _ties_in_the_provisions_file()
    assert len(ties) >= 6  # six when the audit counted them (issue #35)
    # Minsk II codes A20 both as b (point 9) and as f (point 13): the draft starts from b.
    assert ties[("M2", "A20")] == "A20.b"
    for (text_code, issue_id), option_id in ties.items():
        assert real.text_options[text_code][issue_id] == option_id, (text_code, issue_id)
    assert real.draft_from_text("M2").choice("A20").option_id == "A20.b"


# --- from the mutation run (issue #35) ------------------------------------------------------------


def test_the_catalogue_keeps_each_tables_columns_sorted_with_a_fresh_index():
    tables = data.load_tables()
    catalogue = Catalogue(tables)
    for name, attribute in [
        ("issues", "issues"),
        ("options", "options"),
        ("rules", "rules_table"),
        ("mechanisms", "mechanisms"),
    ]:
        frame = getattr(catalogue, attribute)
        assert list(frame.columns) == list(tables[name].columns), name
        assert list(frame.index) == list(range(len(tables[name]))), name
    assert list(catalogue.issues["order"]) == sorted(tables["issues"]["order"])
    assert catalogue.issue_ids == list(catalogue.issues["issue_id"])


def test_each_stance_carries_its_position_as_the_file_has_it(real):
    import csv

    with (data.DATA_DIR / "positions.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["position_id"]: r for r in csv.DictReader(handle) if r["option_id"]}
    stances = [s for option in real.option_issue for s in real.stances_for(option)]
    assert {s.position_id for s in stances} == set(rows)
    for s in stances:
        row = rows[s.position_id]
        assert (s.party, s.option_id, s.stance, s.evidence, s.date) == (
            row["party"],
            row["option_id"],
            row["stance"],
            row["evidence"],
            row["date"],
        )
        assert (s.speaker, s.summary, s.source_url, s.source_publisher) == (
            row["speaker"],
            row["summary"],
            row["source_url"],
            row["source_publisher"],
        )


def test_the_start_from_list_labels_each_text_with_its_date_unless_its_title_has_a_year(real):
    import csv
    import re

    with (data.DATA_DIR / "texts.csv").open(encoding="utf-8", newline="") as handle:
        texts = {r["text_code"]: r for r in csv.DictReader(handle)}
    with (data.DATA_DIR / "provisions.csv").open(encoding="utf-8", newline="") as handle:
        coded = [r for r in csv.DictReader(handle) if r["option_id"]]
    startable = real.startable_texts()
    assert sorted(startable["text_code"]) == sorted({r["text_code"] for r in coded})
    assert [texts[c]["date"] for c in startable["text_code"]] == sorted(
        texts[c]["date"] for c in startable["text_code"]
    )
    for row in startable.itertuples():
        text = texts[row.text_code]
        when = pd.Timestamp(text["date"]).strftime("%b %Y")
        label = text["short_title"] if re.search(r"\d{4}", text["short_title"]) else f"{text['short_title']} ({when})"
        status_label = {
            "analyst_proposal": "analyst's proposal",
            "endorsed_proposal": "expert proposal endorsed by a party",
        }
        if text["status"] in status_label:
            label += f" – {status_label[text['status']]} (not a party's text)"
        assert row.label == label, row.text_code
        assert row.issues_coded == len({r["issue_id"] for r in coded if r["text_code"] == row.text_code})


@pytest.mark.parametrize(
    "choice, problems",
    [
        (Choice("X01.a", acceptable=("X01.a", "X01.b")), []),
        (
            Choice("X01.c", acceptable=("X01.a", "X01.b")),
            ["X01 Ceasefire: your opening position is not among the options you marked acceptable."],
        ),
        (Choice("X01.a"), ["X01 Ceasefire: you open with an option but marked nothing as acceptable."]),
        (Choice(acceptable=("X01.a",)), []),  # a range, no opening yet
        (Choice(custom_text="my own"), []),
    ],
)
def test_what_a_role_play_brief_lacks_or_contradicts(toy, choice, problems):
    assert toy.role_problems(Draft(choices={"X01": choice}, role="Russia")) == problems
    assert toy.role_problems(Draft(choices={"X01": choice})) == []  # not role-playing: nothing to check


def test_issue_matches_lists_each_texts_coded_option_against_the_draft(toy):
    frame = toy.issue_matches(Draft(choices={"X01": Choice("X01.a"), "X02": Choice("X02.a")}))
    assert frame.to_dict("records") == [
        {"text_code": "T1", "issue_id": "X01", "option_id": "X01.a", "same_as_draft": True},
        {"text_code": "T1", "issue_id": "X02", "option_id": "X02.b", "same_as_draft": False},
        {"text_code": "T2", "issue_id": "X01", "option_id": "X01.c", "same_as_draft": False},
    ]


def test_a_flag_carries_its_rules_texts_references_source_and_check(real):
    """What a flag shows a student beside it (the texts and references behind the rule, its source, and the
    second reader's verdict on the rule) is the rule's row, with an empty cell as nothing (None or no items),
    over the flags and questions that every startable text, and the empty draft, raise."""
    rows = real.rules_table.set_index("rule_id")
    shown = {}
    for draft in [Draft(), *(real.draft_from_text(code) for code in real.startable_texts()["text_code"])]:
        tripped, questions = real.check_rules(draft)
        shown |= {flag.rule_id: flag for flag in tripped + questions}

    def cell(value):
        return None if pd.isna(value) else value

    for rule_id, flag in shown.items():
        row = rows.loc[rule_id]
        assert (flag.kind, flag.title, flag.reasoning) == (row.kind, row.title, row.reasoning)
        assert flag.texts == tuple(data.split_list(row.texts)) and flag.references == tuple(
            data.split_list(row.references)
        )
        assert (flag.source_url, flag.source_publisher) == (cell(row.source_url), cell(row.source_publisher))
        assert flag.check_verdict == row.check_verdict
    flags = shown.values()
    # the flags compared hold each kind of value: filled and empty sources, texts, references
    assert {f.source_url is None for f in flags} == {True, False} and {f.source_publisher is None for f in flags} == {
        True,
        False,
    }
    assert any(f.texts for f in flags) and any(f.references for f in flags)
