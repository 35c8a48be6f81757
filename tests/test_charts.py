"""The timeline chart: drawn from the events table, interactive through Vega parameters only."""

import pytest

from peacebook import charts, data
from peacebook.data.vocabulary import book_vocabularies


@pytest.fixture(scope="module")
def spec():
    return charts.timeline_chart(data.load_table("events")).to_dict()


def _datasets(spec):
    (rows,) = spec["datasets"].values()
    return rows


def test_the_chart_draws_every_event_from_the_table(spec):
    events = data.load_table("events")
    rows = _datasets(spec)
    assert sorted(r["event_id"] for r in rows) == sorted(events["event_id"])
    by_id = {r["event_id"]: r for r in rows}
    for event in events.itertuples():
        assert by_id[event.event_id]["source_url"] == event.source_url
        assert by_id[event.event_id]["date"] == event.date.strftime("%Y-%m-%d")


def test_category_and_search_are_bound_to_inputs(spec):
    params = {p["name"]: p for p in spec["params"]}
    assert params["category"]["bind"]["input"] == "select"
    assert params["category"]["bind"]["options"][0] == "all"
    assert params["category"]["bind"]["options"][1:] == book_vocabularies().event_categories.labels
    assert params["search"]["bind"]["input"] == "search"


def test_the_detail_view_zooms_to_the_overview_brush_and_links_sources(spec):
    overview, counter, detail = spec["vconcat"]
    zoom = next(p for p in spec["params"] if p["name"] == "zoom")
    assert zoom["select"] == {"type": "interval", "encodings": ["x"]}
    assert zoom["views"] == [overview["name"]]
    x = detail["encoding"]["x"]
    assert x["scale"]["domain"] == {"param": "zoom", "encoding": "x"}
    assert detail["encoding"]["href"]["field"] == "source_url"
    tooltip_fields = {t["field"] for t in detail["encoding"]["tooltip"]}
    assert {"source_publisher", "source_url", "description"} <= tooltip_fields


def test_every_category_has_its_own_symbol_and_colour():
    categories = book_vocabularies().event_categories
    symbols, colours = categories.symbols, categories.colours
    assert len(set(symbols)) == len(symbols) and len(set(colours)) == len(colours)
    reference = {"fields": "category", "reference": {"resource": "event_categories", "fields": "category"}}
    assert reference in data.resource("events")["schema"]["foreignKeys"]
    assert set(data.load_table("events")["category"]) <= set(categories.codes)


def test_the_chart_has_a_title_and_a_text_description(spec):
    assert spec["title"]["text"] and len(spec["description"]) > 50


def test_a_figure_series_is_charted_point_by_point_with_its_sources():
    from peacebook.model import figures

    table = data.load_table("figures")
    rows = figures.series(table, "OSCE SMM ceasefire violations recorded, by year")
    spec = charts.figure_chart(rows, "Violations", "violations", "Ceasefire violations by year").to_dict()
    (points,) = spec["datasets"].values()
    assert sorted(p["value"] for p in points) == sorted(rows["value"].astype(float))
    assert all(p["source_url"].startswith("http") for p in points)
    assert spec["layer"][1]["encoding"]["href"]["field"] == "source_url"


def test_an_unknown_series_or_measure_is_named():
    import pytest

    from peacebook.model import figures

    table = data.load_table("figures")
    with pytest.raises(KeyError, match="the series are: .*OSCE SMM monitors"):
        figures.series(table, "OSCE monitors")
    with pytest.raises(KeyError, match="has no measure"):
        figures.series(table, "OSCE SMM monitors", measures=["drones"])


def test_the_provision_matrix_opens_on_the_chosen_reference_text():
    from peacebook.model import compare

    t = data.load_tables()
    grid = compare.matrix(t["provisions"], t["texts"], t["options"], t["issues"])
    spec = charts.provision_matrix_chart(grid, reference="M2").to_dict()
    (param,) = [p for p in spec["params"] if p["name"] == "reference"]
    assert param["value"] == "Minsk II (2015)"
    with pytest.raises(KeyError, match="'ZZ' has no coded provisions"):
        charts.provision_matrix_chart(grid, reference="ZZ")
