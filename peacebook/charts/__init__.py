"""The pictures: altair charts for the book. Each takes validated tables and returns a chart.
May import from peacebook.data, peacebook.model, peacebook.files, peacebook.classroom and peacebook.html.

Charts meant for the static book keep all their interaction inside Vega (parameters bound to
HTML inputs, selections), so they work on the published page with no kernel.

One module per chapter or theme, all taking their look from `style`:

- `timeline`: the timeline of events;
- `minsk`: Minsk II's steps as the text orders them and as each side read them;
- `figures`: sourced figures over time, and the proposed limits on Ukraine's armed forces;
- `positions`: the parties' recorded stances, on a proposal's points and over time;
- `compare`: the provision matrix and the durability rubric;
- `workshop`: the draft's resemblance to the texts, and the try-it workshop for the static page;
- `classroom`: the instructors' dashboard;
- `roleplay`: the role-play's zone of possible agreement, package, concessions, priorities and outcomes;
- `data_tables`: "Show the data", the table under every chart;
- `style`: named colours and palettes, the title helper, the book's chart theme (text of at least 12 px), sizes that
  follow the column (width from the container, layouts chosen by the column's width), shared encodings and menus.
"""

from ..html import rendering  # noqa: F401  (registers the script-safe renderer every chart goes through)
from .classroom import (
    class_choices_chart,
    class_flags_chart,
    class_ratings_chart,
    class_red_lines_chart,
    class_resemblance_chart,
)
from .compare import assessment_chart, provision_matrix_chart
from .data_tables import DATA_LABELS, ChartWithData, chart_frames, with_data
from .figures import army_limits_chart, ceilings_chart, figure_chart
from .minsk import sequencing_chart
from .positions import positions_timeline_chart, stance_grid_chart
from .roleplay import concessions_chart, outcome_chart, package_chart, priorities_chart, zone_chart
from .style import title_of
from .timeline import timeline_chart
from .workshop import resemblance_chart, try_it_chart

__all__ = [
    "DATA_LABELS",
    "ChartWithData",
    "army_limits_chart",
    "assessment_chart",
    "ceilings_chart",
    "chart_frames",
    "class_choices_chart",
    "class_flags_chart",
    "class_ratings_chart",
    "class_red_lines_chart",
    "class_resemblance_chart",
    "concessions_chart",
    "figure_chart",
    "outcome_chart",
    "package_chart",
    "positions_timeline_chart",
    "priorities_chart",
    "provision_matrix_chart",
    "resemblance_chart",
    "sequencing_chart",
    "stance_grid_chart",
    "timeline_chart",
    "title_of",
    "try_it_chart",
    "with_data",
    "zone_chart",
]
