"""Every chart fits its column, says what it shows and is legible (issue #31, items 2 and 7), checked on the
charts' specs: width from the container (or a stated reason to scroll), titles that state a finding from the data,
text of at least 12 px, years on a time axis. tests/test_reading.py checks the drawn charts at 1280 and 390 px."""

import json
import re

import pandas as pd
import pytest

from conftest import ROOT
from peacebook import charts, data
from peacebook.classroom import class_files, negotiation
from peacebook.model import compare, current, figures
from peacebook.html import rendering
from peacebook.charts import style
from peacebook.model.settlement import Catalogue


@pytest.fixture(scope="module")
def tables():
    return data.load_tables()


@pytest.fixture(scope="module")
def book_charts(tables):
    """Every chart the book draws, built from the book's data as its chapters build them."""
    t = tables
    texts, provisions, positions, options, issues = (
        t["texts"],
        t["provisions"],
        t["positions"],
        t["options"],
        t["issues"],
    )
    fig = t["figures"]
    proposal = current.current_proposal(texts, provisions)
    limits = figures.series(fig, "Limits on Ukraine's armed forces proposed in the April 2022 draft treaty")
    stated = figures.series(fig, "Size of Ukraine's armed forces, as stated by its president")
    violations = figures.series(
        fig, "OSCE SMM ceasefire violations recorded, by year", measures=["violations recorded in the calendar year"]
    )
    displaced = figures.series(fig, "Registered internally displaced persons")
    catalogue = Catalogue.load()
    folder = class_files.load_class(ROOT / "chapters" / "example-class", catalogue)
    roleplay = class_files.load_class(ROOT / "chapters" / "example-roleplay", catalogue)
    result = negotiation.analyse(roleplay, catalogue, 0.5, table=negotiation.table_ids(roleplay)[0])
    return {
        "timeline": charts.timeline_chart(t["events"]),
        "sequencing": charts.sequencing_chart(t["sequences"]),
        "violations": charts.figure_chart(
            violations,
            f"Violations recorded {figures.change_in_words(violations, by_year=True)}",
            "violations",
            "d",
            by_year=True,
        ),
        "displaced": charts.figure_chart(
            displaced, "Displaced", "people", "d", changes=figures.basis_changes(displaced)
        ),
        "army": charts.army_limits_chart(limits, today={"peacetime personnel": stated.iloc[-1]}),
        "ceilings": charts.ceilings_chart(
            pd.concat(
                [
                    limits[limits["measure"] == "peacetime personnel"],
                    figures.series(fig, "Proposed peacetime ceilings on Ukraine's armed forces"),
                ]
            ),
            texts,
            stated,
        ),
        "stances": charts.stance_grid_chart(
            current.stance_grid(proposal.text_code, provisions, positions, options), "Where the parties stand"
        ),
        "positions": charts.positions_timeline_chart(positions, issues, options),
        "matrix": charts.provision_matrix_chart(
            compare.matrix(provisions, texts, options, issues), reference=proposal.text_code
        ),
        "rubric": charts.assessment_chart(t["assessments"], texts, t["mechanisms"]),
        "try_it": charts.try_it_chart(catalogue),
        "choices": charts.class_choices_chart(class_files.choices(folder, catalogue), catalogue.issues),
        "red_lines": charts.class_red_lines_chart(class_files.grade_sheet(folder, catalogue)),
        "flags": charts.class_flags_chart(class_files.flags(folder, catalogue)),
        "ratings": charts.class_ratings_chart(class_files.ratings(folder, catalogue), catalogue.mechanisms),
        "class_resemblance": charts.class_resemblance_chart(
            class_files.resemblance(folder, catalogue), catalogue.texts
        ),
        "zone": charts.zone_chart(result.zone, catalogue.issues, table="A", projection=True),
        "package": charts.package_chart(result.package, result.zone, catalogue.issues, table="A"),
        "concessions": charts.concessions_chart(result.concessions, table="A"),
        "priorities": charts.priorities_chart(result.priorities, catalogue.issues, table="A"),
    }


def _walk(spec, path=()):
    """Every (path, key, value) in a spec's nested dicts and lists."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            yield path, key, value
            yield from _walk(value, (*path, key))
    elif isinstance(spec, list):
        for i, value in enumerate(spec):
            yield from _walk(value, (*path, i))


def _dicts(spec):
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from _dicts(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _dicts(value)


def _views(spec):
    """The views of a spec that draw (a mark or layers): their size is the chart's size."""
    return [v for v in _dicts(spec) if "mark" in v or "layer" in v]


def test_every_chart_takes_its_width_from_its_column_or_says_why_not(book_charts):
    fixed = {}
    for name, chart in book_charts.items():
        spec = chart.to_dict()
        widths = [v["width"] for v in _views(spec) if "width" in v]
        if spec["usermeta"]["peacebook"].get("scrolls"):
            continue
        assert widths, name
        fixed[name] = [w for w in widths if w != style.FIT]
        if "vconcat" in spec or "hconcat" in spec:
            assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, name
    assert not any(fixed.values()), f"charts with a width not taken from the column: {fixed}"


def test_only_the_role_play_grids_scroll_and_they_say_why(book_charts):
    scrolling = {n for n, c in book_charts.items() if c.to_dict()["usermeta"]["peacebook"].get("scrolls")}
    assert scrolling == {"zone", "package"}
    reason = book_charts["zone"].to_dict()["usermeta"]["peacebook"]["scrolls"]
    assert "phone" in reason and "side by side" in reason


def test_no_chart_draws_text_under_12_px(book_charts):
    for name, chart in book_charts.items():
        spec = chart.to_dict()
        config = spec["config"]
        for part in ("axis", "legend", "header"):
            assert config[part]["labelFontSize"] >= 12 and config[part]["titleFontSize"] >= 12, (name, part)
        assert config["text"]["fontSize"] >= 12 and config["title"]["subtitleFontSize"] >= 12, name
        small = [
            (path, key, value)
            for path, key, value in _walk(spec)
            if key.lower().endswith("fontsize") and isinstance(value, (int, float)) and value < style.LABEL_SIZE
        ]
        assert small == [], f"{name}: text under {style.LABEL_SIZE} px: {small}"


def test_titles_fit_a_phone_and_read_whole_on_a_laptop(book_charts):
    for name, chart in book_charts.items():
        spec = chart.to_dict()
        expr = spec["title"]["text"]["expr"]
        narrow, wide = re.fullmatch(re.escape(style.NARROW) + r" \? (\[.*?\]) : (\[.*\])", expr).groups()
        whole = charts.title_of(spec)
        assert " ".join(json.loads(narrow)) == " ".join(json.loads(wide)) == whole, name
        assert all(len(line) <= style.TITLE_LINE["narrow"] for line in json.loads(narrow)), name
        assert all(len(line) <= style.SUBTITLE_LINE for line in spec["title"].get("subtitle", [])), name


def test_titles_state_what_the_data_shows(book_charts, tables):
    title = {name: charts.title_of(chart.to_dict()) for name, chart in book_charts.items()}
    fig = tables["figures"]
    ceilings = pd.concat(
        [
            figures.series(
                fig, "Limits on Ukraine's armed forces proposed in the April 2022 draft treaty", ["peacetime personnel"]
            ),
            figures.series(fig, "Proposed peacetime ceilings on Ukraine's armed forces"),
        ]
    )
    assert f"from {ceilings['value'].min():,.0f}" in title["ceilings"]
    assert f"to {ceilings['value'].max():,.0f}" in title["ceilings"]
    personnel = ceilings[ceilings["series"].str.startswith("Limits")].set_index("party")["value"]
    for party, value in personnel.items():
        assert f"{value:,.0f} in {party}'s proposal" in title["army"]
    assert "as reported" in title["army"]  # the draft's figures are reported, not published
    steps = tables["sequences"].set_index(["reading", "element"])["step"]
    assert steps[("Ukraine's reading", "border")] < steps[("Ukraine's reading", "elections")]
    assert "before elections in Ukraine's reading" in title["sequencing"]
    assert title["violations"].startswith("Violations recorded fell from 401,000 in 2017")
    assert re.search(r"on \d+ of the \d+ issues it covers", title["matrix"])
    assert re.search(r"On \d+ of \d+ issues", title["positions"])
    assert "the book's" in title["rubric"].lower()  # the rubric is the book's judgement, and says so
    for name in ("timeline", "stances", "rubric", "choices", "flags"):
        assert re.search(r"\d", title[name]), f"{name}: {title[name]}"


def test_years_sit_on_a_time_axis(book_charts):
    violations = book_charts["violations"].to_dict()
    x = violations["layer"][0]["encoding"]["x"]
    assert x["type"] == "temporal" and x["timeUnit"] == "year"
    for name in ("timeline", "positions", "ceilings", "displaced"):
        xs = [
            v for path, k, v in _walk(book_charts[name].to_dict()) if k == "x" and isinstance(v, dict) and "field" in v
        ]
        assert xs and all(x["type"] == "temporal" for x in xs if x["field"] in ("date", "start")), name


def test_positions_over_time_open_on_the_talks_since_2022_and_offer_every_year(book_charts, tables):
    spec = book_charts["positions"].to_dict()
    period = next(p for p in spec["params"] if p["name"] == "period")
    assert period["value"] == "since 2022" and period["bind"]["options"] == ["since 2022", "all years"]
    filters = [v["filter"] for _, k, v in _walk(spec) if k == "transform" for v in v if "filter" in v]
    assert any("period == 'all years'" in f and '"2022-01-01"' in f for f in filters)
    earlier = int((tables["positions"]["date"] < "2022-01-01").sum())
    assert f"{earlier} positions from before 2022" in " ".join(spec["title"]["subtitle"])


def test_ceiling_markers_at_one_level_weeks_apart_stand_side_by_side(book_charts):
    spec = book_charts["ceilings"].to_dict()
    (rows,) = spec["datasets"].values()
    moved = {layer["mark"]["xOffset"]: layer["transform"][0]["filter"] for layer in spec["layer"]}
    assert {n: f"datum.nudge == {n}" for n in moved} == moved and len(moved) >= 3
    close = {}
    for row in rows:
        close.setdefault(row["value"], []).append(row)
    for value, group in close.items():
        dates = sorted(pd.Timestamp(r["date"]) for r in group)
        if len(group) > 1 and (dates[-1] - dates[0]).days < 60:
            nudges = [r["nudge"] for r in sorted(group, key=lambda r: r["date"])]
            assert nudges == sorted(set(nudges)) and min(b - a for a, b in zip(nudges, nudges[1:])) >= 12, value


def test_coded_cells_carry_their_words(book_charts):
    matrix = book_charts["matrix"].to_dict()
    tips = (
        {t["field"] for t in matrix["layer"][0]["encoding"]["tooltip"]}
        | {t["field"] for t in matrix["encoding"]["tooltip"]}
        if "encoding" in matrix
        else {t["field"] for layer in matrix["layer"] for t in layer["encoding"]["tooltip"]}
    )
    assert {"issue", "option_label", "paraphrase"} <= tips  # A01 and "a" in words
    rubric = book_charts["rubric"].to_dict()
    (rows,) = rubric["datasets"].values()
    assert all(re.fullmatch(r"D\d+ \S.*", r["mechanism"]) for r in rows)  # D1-D13 with their names
    legend = rubric["layer"][0]["encoding"]["color"]["legend"]
    assert '"0 absent"' in legend["labelExpr"]


def test_on_a_phone_the_wide_grids_open_on_one_group(book_charts):
    for name, param in (("matrix", "group_pick"), ("rubric", "moment_pick")):
        spec = book_charts[name].to_dict()
        menu = next(p for p in spec["params"] if p["name"] == param)
        assert menu["expr"].startswith(style.NARROW) and menu["expr"].endswith(": 'all'"), name


def test_a_title_from_hostile_text_stays_text(tables):
    """A title built from data (a proposal's name) goes into a Vega expression as a JSON string: it is drawn as
    text and never becomes code."""
    vl_convert = pytest.importorskip("vl_convert")
    t = tables
    proposal = current.current_proposal(t["texts"], t["provisions"])
    grid = current.stance_grid(proposal.text_code, t["provisions"], t["positions"], t["options"])
    hostile = 'x" + (1/0) + "\' ? 1 : 2 ; </script><img src=x onerror=alert(1)>'
    spec = charts.stance_grid_chart(grid, hostile).to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in svg and "<img" not in svg
    html = rendering._renderer(spec)["text/html"]
    assert "</script><img" not in html


def test_the_reason_a_chart_scrolls_is_written_on_its_box_escaped(book_charts):
    spec = book_charts["zone"].to_dict()
    spec["usermeta"]["peacebook"]["scrolls"] = 'Too wide "for" <b>phones</b> & more'
    html = rendering._renderer(spec)["text/html"]
    assert 'data-pb-scroll-reason="Too wide &quot;for&quot; &lt;b&gt;phones&lt;/b&gt; &amp; more"' in html
    plain = rendering._renderer(book_charts["matrix"].to_dict())["text/html"]
    assert "data-pb-scroll-reason" not in plain


def test_a_live_notebook_draws_every_chart_at_a_fixed_width(book_charts):
    """A notebook's chart widget has no container width to take: there every chart gets a fixed width."""
    for name, chart in book_charts.items():
        spec = rendering.live_chart(chart).to_dict()
        widths = [v["width"] for v in _dicts(spec) if "width" in v]
        assert style.FIT not in widths and spec.get("autosize", {}).get("type") != "fit-x", name
