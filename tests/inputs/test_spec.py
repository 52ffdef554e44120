"""The number policy for hand-typed cells."""

import pytest

from healthcheck.inputs.spec import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        (" 12.5 ", 12.5),
        ("-3", -3.0),
        ("1,234.5", 1234.5),
        ("12,345,678", 12345678.0),
        ("１２３４．５", 1234.5),
        ("－３", -3.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("\u22123", -3.0),  # MINUS SIGN, as Word and some exports write it
        ("\u22121,234.5", -1234.5),
        ("１，２３４", 1234.0),  # full-width digits and comma
    ],
)
def test_accepted(text, value):
    assert parse_number(text) == (value, None)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "an empty cell"),
        ("95%", "unit or text '%'"),
        ("12万", "unit or text '万'"),
        ("3 km", "unit or text 'km'"),
        ("1,5", "not a number"),
        ("12,34", "not a number"),
        ("约5", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
    ],
)
def test_refused_with_reason(text, why):
    value, reason = parse_number(text)
    assert value is None
    assert why in reason


@pytest.mark.parametrize(
    ("setting", "accepted"),
    [
        ("notebook: transport.ipynb", True),
        ("notebook: 12", False),
        ("notebook: ../../elsewhere/evil.ipynb", False),
        ("notebook: /tmp/evil.ipynb", False),
        ("notebook: alpha.py", False),
    ],
)
def test_a_domain_notebook_is_a_file_name_of_the_notebooks_folder(
    small_plan_dir, setting, accepted
):
    """plan.yaml names a domain's notebook by file name only: a path would run a notebook from
    anywhere, and a number used to pass and then fail the build."""
    from healthcheck.errors import InputError
    from healthcheck.inputs.plan import load_plan

    path = small_plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title_en: Alpha domain}", f"title_en: Alpha domain, {setting}}}"),
        encoding="utf-8",
    )
    if accepted:
        assert load_plan(small_plan_dir).domain("alpha").notebook == "transport.ipynb"
        return
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.row, p.column) == (4, "domains.0.notebook")


def test_a_context_series_without_an_id_is_a_located_problem(small_plan_dir):
    from healthcheck.errors import InputError
    from healthcheck.inputs.plan import load_plan

    path = small_plan_dir / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{id: POP, ", "{"), "utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (14, "context_series.0.id", "nothing")
