"""Charts: one per indicator in the form its kind asks for, the charts across indicators, and
the district maps and rankings.

Every chart is bilingual, 16 cm wide, and saved by :func:`save_svg` (or :func:`svg_bytes`) as a
deterministic SVG: the same inputs give the same bytes, and a glyph missing from the font is an
error, never a box.  Illustrative values are drawn hollow, dashed or hatched, with their own
legend entry.

Modules: :mod:`~healthcheck.charts.style` (theme, colours, text and legend helpers),
:mod:`~healthcheck.charts.svg` (saving), :mod:`~healthcheck.charts.indicator` (the per-kind
charts, :data:`CHARTS`), :mod:`~healthcheck.charts.summary` (progress board, verdict counts),
:mod:`~healthcheck.charts.primitives` (shared building blocks),
:mod:`~healthcheck.charts.maps`, :mod:`~healthcheck.charts.ranking` and
:mod:`~healthcheck.charts.geo` (districts); :mod:`~healthcheck.charts.national` (the national
城市体检: problem map, grade board, dimension ratings, ledger counts, remediation).
"""

from __future__ import annotations

from healthcheck.charts.geo import DEFAULT_CRS, load_districts, map_note
from healthcheck.charts.indicator import (
    CHARTS,
    IndicatorChart,
    indicator_caption,
    indicator_chart,
)
from healthcheck.charts.maps import district_map
from healthcheck.charts.national import (
    grade_board,
    ledger_bars,
    problem_map,
    rating_chart,
    remediation_chart,
    remediation_frame,
)
from healthcheck.charts.primitives import (
    bar_compare_chart,
    draw_series,
    running_sum,
    scatter_years_chart,
    series_frame,
    status_bar,
    status_bar_handles,
)
from healthcheck.charts.ranking import district_ranking
from healthcheck.charts.style import (
    COLORS,
    FONT,
    ILLUSTRATIVE_LABEL,
    VERDICT_COLORS,
    WIDTH_CM,
    bilingual,
    figure_title,
    illustrative_marker,
    illustrative_patch,
    legend_below,
    marker_style,
    new_figure,
    setup_style,
    short_number,
    status_handles,
    text_width,
    unit_label,
)
from healthcheck.charts.summary import progress_board, verdict_counts_chart
from healthcheck.charts.svg import compact_svg, save_svg, strict_glyphs, svg_bytes

__all__ = [
    "CHARTS",
    "COLORS",
    "DEFAULT_CRS",
    "FONT",
    "ILLUSTRATIVE_LABEL",
    "VERDICT_COLORS",
    "WIDTH_CM",
    "IndicatorChart",
    "bar_compare_chart",
    "bilingual",
    "compact_svg",
    "district_map",
    "district_ranking",
    "draw_series",
    "grade_board",
    "figure_title",
    "illustrative_marker",
    "illustrative_patch",
    "indicator_caption",
    "indicator_chart",
    "ledger_bars",
    "legend_below",
    "load_districts",
    "map_note",
    "marker_style",
    "new_figure",
    "problem_map",
    "progress_board",
    "rating_chart",
    "remediation_chart",
    "remediation_frame",
    "running_sum",
    "save_svg",
    "scatter_years_chart",
    "series_frame",
    "setup_style",
    "short_number",
    "status_bar",
    "status_bar_handles",
    "status_handles",
    "strict_glyphs",
    "svg_bytes",
    "text_width",
    "unit_label",
    "verdict_counts_chart",
]
