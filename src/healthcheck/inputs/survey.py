"""The resident survey's responses and population margins: read, validated, made usable.

``<data>/survey/<year>.csv`` holds one row per respondent: :data:`ID_COLUMNS`, the background
variables the manual asks for (:data:`BACKGROUND`, codes in :data:`CODES`), an optional
``status`` (the provenance of the row, :mod:`healthcheck.inputs.status`) and one column per
item of the framework's survey (``SURVEY2025-01`` …), holding an answer code of the survey's
scale, a "don't know" code, or nothing.

``<data>/survey-margins.csv`` holds the population the responses are weighted to:
``district, sex, age_group, population`` (residents aged 16 and over).

Every problem of both files is reported at once, located by file, line and column: unknown
codes, answers outside the scale, duplicated respondent ids, missing background variables.
Then the rules for unusable responses (too many items unanswered; the same answer to every
item) set responses aside -- counted per rule and reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import show
from healthcheck.inputs.status import STATUSES, is_illustrative
from healthcheck.inputs.survey_spec import SurveySpec

__all__ = [
    "BACKGROUND",
    "CODES",
    "ID_COLUMNS",
    "MARGIN_COLUMNS",
    "UNUSABLE_RULES",
    "SurveyInput",
    "check_responses",
    "margins_path",
    "read_margins",
    "read_responses",
    "responses_path",
]

ID_COLUMNS = ("respondent_id", "district", "street", "community")
BACKGROUND = ("sex", "age_group", "occupation", "income", "residence")
#: the codes of the background variables (occupation "government": 党政机关或事业单位)
CODES: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male"),
    "age_group": ("16-30", "30-60", "60+"),
    "occupation": (
        "government",
        "education",
        "enterprise",
        "worker",
        "self_employed",
        "unemployed",
        "retired",
        "student",
        "other",
    ),
    "income": ("low", "middle", "high"),
    "residence": ("<0.5", "0.5-1", "1-5", "5+"),
}
MARGIN_COLUMNS = ("district", "sex", "age_group", "population")
#: rule -> (zh, en): the reasons a response is set aside
UNUSABLE_RULES: dict[str, tuple[str, str]] = {
    "incomplete": ("未作答题目过多", "too many items unanswered"),
    "straight_line": ("全部题目同一答案", "the same answer to every item"),
}


@dataclass(frozen=True)
class SurveyInput:
    """The usable responses, with each item's answer as its score (0-100; NaN: unanswered),
    what was set aside, and the margins (None: no margins file, the estimates unweighted)."""

    spec: SurveySpec
    path: Path
    responses: pd.DataFrame
    read: int
    unusable: dict[str, int]
    margins: pd.DataFrame | None = None
    illustrative: bool = False
    #: the line of each unusable response, per rule (for the analysts' check)
    unusable_lines: dict[str, list[int]] = field(default_factory=dict)


def responses_path(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "survey" / f"{year}.csv"


def margins_path(data_dir: Path) -> Path:
    return Path(data_dir) / "survey-margins.csv"


def _header(frame: pd.DataFrame, file: str, spec: SurveySpec) -> list[Problem]:
    known = set(ID_COLUMNS) | set(BACKGROUND) | set(spec.item_ids) | {"status", LINE}
    problems = [
        Problem(
            file,
            1,
            c,
            f"an unknown column '{c}'",
            "the respondent and background columns, status, and the survey's items",
        )
        for c in frame.columns
        if c not in known
    ]
    for c in (*ID_COLUMNS, *BACKGROUND, *spec.item_ids):
        if c not in frame.columns:
            problems.append(Problem(file, 1, c, "no such column", f"a column '{c}' in the header"))
    return problems


def _bad(
    frame: pd.DataFrame, file: str, column: str, mask: pd.Series, expected: str
) -> list[Problem]:
    rows = frame.loc[mask, [LINE, column]]
    return [
        Problem(file, int(line), column, show(v), expected)
        for line, v in rows.itertuples(index=False)
    ]


def _area_problems(
    frame: pd.DataFrame, file: str, districts: Mapping[str, object], units: pd.DataFrame | None
) -> list[Problem]:
    """District codes of the plan; 街道 and 社区 codes of the statistical division code
    (统计用区划代码: a 街道 is its district's 6 digits and 3 more, a 社区 its 街道's 9 and 3
    more), consistent with the row's district and 街道, and -- for a code the plan's
    units.csv registers -- of the right level there (the register lists the units the
    ledgers name; a survey reaches more 社区, which need not be registered)."""
    problems = _bad(
        frame,
        file,
        "district",
        ~frame["district"].isin(list(districts)),
        f"a district code of plan.yaml ({', '.join(districts)})",
    )
    st, cm = frame["street"].str.strip(), frame["community"].str.strip()
    problems += _bad(frame, file, "street", ~st.str.fullmatch(r"\d{9}"), "a 9-digit 街道 code")
    problems += _bad(frame, file, "community", ~cm.str.fullmatch(r"\d{12}"), "a 12-digit 社区 code")
    ok_st, ok_cm = st.str.fullmatch(r"\d{9}"), cm.str.fullmatch(r"\d{12}")
    problems += _bad(
        frame,
        file,
        "street",
        ok_st & (st.str[:6] != frame["district"]),
        "a 街道 code beginning with the row's district code",
    )
    problems += _bad(
        frame,
        file,
        "community",
        ok_st & ok_cm & (cm.str[:9] != st),
        "a 社区 code beginning with the row's 街道 code",
    )
    if units is None:
        return problems
    levels = dict(zip(units["code"], units["level"], strict=True))
    for col, level in (("street", "street"), ("community", "community")):
        lv = frame[col].map(levels)
        problems += _bad(
            frame,
            file,
            col,
            lv.notna() & (lv != level),
            f"a code units.csv registers as a {level} (it registers another level)",
        )
    return problems


def _row_problems(
    frame: pd.DataFrame,
    file: str,
    spec: SurveySpec,
    districts: Mapping[str, object],
    units: pd.DataFrame | None,
) -> list[Problem]:
    ids = frame["respondent_id"].str.strip()
    problems = _bad(frame, file, "respondent_id", ids == "", "a respondent id")
    first = frame.groupby(ids)[LINE].transform("min")
    dup = (ids != "") & ids.duplicated(keep="first")
    problems += [
        Problem(
            file,
            int(r[LINE]),
            "respondent_id",
            show(r["respondent_id"]),
            f"a respondent id used once (also on line {int(f)})",
        )
        for (_, r), f in zip(frame[dup].iterrows(), first[dup], strict=True)
    ]
    problems += _area_problems(frame, file, districts, units)
    for col in BACKGROUND:
        empty = frame[col].str.strip() == ""
        problems += _bad(
            frame,
            file,
            col,
            empty,
            f"the respondent's {col} (a background variable the manual asks for)",
        )
        problems += _bad(
            frame,
            file,
            col,
            ~empty & ~frame[col].isin(CODES[col]),
            f"one of {', '.join(CODES[col])}",
        )
    allowed = [*spec.scale, *spec.missing, ""]
    expected = (
        f"an answer of the scale ({', '.join(spec.scale)}), "
        f"{' or '.join(spec.missing) + ' (not known) ' if spec.missing else ''}or nothing"
    )
    for item in spec.item_ids:
        problems += _bad(frame, file, item, ~frame[item].isin(allowed), expected)
    if "status" in frame.columns:
        problems += _bad(
            frame, file, "status", ~frame["status"].isin(STATUSES), f"one of {', '.join(STATUSES)}"
        )
    return problems


def _strip_answers(frame: pd.DataFrame, spec: SurveySpec) -> None:
    """Strip the spaces around answers, in place: only the cells that are not already a code
    (a column-wide strip of 46 columns costs seconds at 200,000 responses)."""
    allowed = [*spec.scale, *spec.missing, ""]
    for item in spec.item_ids:
        if item in frame.columns:
            col = frame[item]
            odd = ~col.isin(allowed)
            if odd.any():
                frame.loc[odd, item] = col[odd].str.strip()


def _scores(frame: pd.DataFrame, spec: SurveySpec) -> pd.DataFrame:
    mapping = spec.scores
    return pd.DataFrame(
        {i: frame[i].map(mapping).astype(float) for i in spec.item_ids},
        index=frame.index,
    )


def _unusable(scores: pd.DataFrame, spec: SurveySpec) -> dict[str, pd.Series]:
    answered = scores.notna().sum(axis=1)
    n_items = scores.shape[1]
    incomplete = (n_items - answered) > spec.unusable.max_unanswered * n_items
    spread = scores.max(axis=1) - scores.min(axis=1)
    straight = ~incomplete & (answered >= spec.unusable.straight_line_min) & (spread == 0)
    return {"incomplete": incomplete, "straight_line": straight}


def check_responses(
    frame: pd.DataFrame,
    file: str,
    spec: SurveySpec,
    districts: Mapping[str, object],
    units: pd.DataFrame | None = None,
) -> list[Problem]:
    """The problems of a responses frame (all text, with its LINE column) as
    :func:`read_responses` checks it -- for a file about to be written (``healthcheck
    collect``).  Strips the answers in place."""
    _strip_answers(frame, spec)
    return _header(frame, file, spec) or _row_problems(frame, file, spec, districts, units)


def read_responses(
    data_dir: Path,
    year: int,
    spec: SurveySpec,
    districts: Mapping[str, object],
    units: pd.DataFrame | None = None,
) -> SurveyInput | None:
    """The year's responses, validated (InputError listing every problem) and with the
    unusable ones set aside; None when the year has no responses file.  ``districts`` are the
    plan's district codes; ``units`` the plan's units.csv (code, level, parent, district) when
    it has one, to check the 街道 and 社区 codes."""
    path = responses_path(data_dir, year)
    if not present(path):
        return None
    frame, problems = read_csv_strict(path)
    margins, margin_problems = read_margins(data_dir, districts)
    problems += margin_problems
    if frame is not None:
        _strip_answers(frame, spec)
        head = _header(frame, str(path), spec)
        problems += head or _row_problems(frame, str(path), spec, districts, units)
    if problems or frame is None:
        raise InputError(problems)
    scores = _scores(frame, spec)
    rules = _unusable(scores, spec)
    dropped = rules["incomplete"] | rules["straight_line"]
    keep = frame.loc[~dropped, [*ID_COLUMNS, *BACKGROUND]].apply(lambda s: s.str.strip())
    responses = pd.concat([keep, scores.loc[~dropped]], axis=1).reset_index(drop=True)
    status = frame["status"] if "status" in frame.columns else pd.Series([], dtype=str)
    return SurveyInput(
        spec=spec,
        path=path,
        responses=responses,
        read=len(frame),
        unusable={k: int(v.sum()) for k, v in rules.items()},
        margins=margins,
        illustrative=bool(status.map(is_illustrative).any()),
        unusable_lines={k: [int(x) for x in frame.loc[v, LINE]] for k, v in rules.items()},
    )


def read_margins(
    data_dir: Path, districts: Mapping[str, object]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The population margins (None when there is no margins file) and their problems."""
    path = margins_path(data_dir)
    if not present(path):
        return None, []
    frame, problems = read_csv_strict(path)
    if frame is None:
        return None, problems
    file = str(path)
    missing = [c for c in MARGIN_COLUMNS if c not in frame.columns]
    if missing:
        return None, problems + [
            Problem(file, 1, c, "no such column", f"a column '{c}'") for c in missing
        ]
    problems += _bad(
        frame,
        file,
        "district",
        ~frame["district"].isin(list(districts)),
        "a district code of plan.yaml",
    )
    for col in ("sex", "age_group"):
        problems += _bad(
            frame, file, col, ~frame[col].isin(CODES[col]), f"one of {', '.join(CODES[col])}"
        )
    pop = pd.to_numeric(frame["population"], errors="coerce")
    problems += _bad(
        frame,
        file,
        "population",
        ~(pop > 0) | ~np.isfinite(pop.fillna(np.nan)),
        "a positive number of residents",
    )
    key = frame[["district", "sex", "age_group"]].agg("|".join, axis=1)
    problems += _bad(
        frame, file, "district", key.duplicated(), "one row per district, sex and age group"
    )
    if problems:
        return None, problems
    out = frame[list(MARGIN_COLUMNS)].copy()
    out["population"] = pop
    return out, []
