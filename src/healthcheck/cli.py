"""The command line: ``healthcheck report | validate | assess | forms | collect | batch`` (and
``python build.py …``).

Exit status: 0 success, 1 the build failed, 2 the input (plan or data) is invalid.  Input
problems are printed one per line as ``file:row:column: found …; expected …``, all at once,
never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from healthcheck.errors import HealthcheckError, InputError, shown

if TYPE_CHECKING:
    from healthcheck.pipeline import BuildResult

__all__ = ["main"]

DEFAULT_DATA = Path("data")


def _plan_dir(plan: Path | None, data: Path) -> Path:
    return plan if plan is not None else data / "plan"


def _fail(exc: HealthcheckError, *, writes: bool = True) -> None:
    """Print the error (every problem of an :class:`InputError`) and exit with its status.
    ``writes``: the command would have written something (``validate`` writes nothing, so it
    does not say that nothing was written)."""
    if isinstance(exc, InputError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        tail = "; nothing was written." if writes else "."
        click.echo(f"{len(exc.problems)} problem(s) found{tail}", err=True)
    else:
        click.echo(f"error: {shown(str(exc), None, keep_newlines=True)}", err=True)
    sys.exit(exc.exit_code)


plan_option = click.option(
    "--plan",
    "plan_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Plan folder (indicators.csv, plan.yaml). Default: <data>/plan.",
)
data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_DATA,
    show_default=True,
    help="Data folder holding observations/<year>.csv and geo/.",
)
year_option = click.option(
    "--year", type=int, default=None, help="Report year. Default: the latest year with data."
)
district_option = click.option(
    "--district",
    default="",
    metavar="CODE",
    help="A district's code (plan.yaml districts): that district's report, its own values "
    "against the targets a district can meet by itself. Default: the whole plan.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="healthcheck")
def main() -> None:
    """healthcheck: the annual city health-check report (城市体检报告)."""


@main.command()
@plan_option
@data_option
def validate(plan_dir: Path | None, data_dir: Path) -> None:
    """Check the plan and the data; print every problem (exit 2 if any)."""
    from healthcheck.inputs.project import load_inputs

    try:
        plan, obs = load_inputs(_plan_dir(plan_dir, data_dir), data_dir)
    except HealthcheckError as exc:
        _fail(exc, writes=False)
        return
    years = sorted(obs["year"].unique())
    click.echo(
        f"ok: plan with {len(plan.indicators)} indicators in {len(plan.domains)} domains and "
        f"{len(plan.districts)} districts; {len(obs)} values for {years[0]}–{years[-1]}"
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--year",
    type=int,
    default=None,
    help="The data year the forms are for [default: the year the forms record; forms of "
    "different years are refused].",
)
@plan_option
@data_option
def collect(
    files: tuple[Path, ...], year: int | None, plan_dir: Path | None, data_dir: Path
) -> None:
    """Merge returned forms (.xlsx) into <data>/observations/<year>.csv, and ledger and survey
    forms into <data>/ledgers/<year>.csv and <data>/survey/<year>.csv; every problem of every
    form at once (exit 2, nothing written)."""
    from healthcheck.forms.collect import collect as collect_forms
    from healthcheck.inputs.plan import load_plan
    from healthcheck.inputs.project import load_inputs

    try:
        plan = load_plan(_plan_dir(plan_dir, data_dir))
        done = collect_forms(files, year, plan, data_dir)
        load_inputs(_plan_dir(plan_dir, data_dir), data_dir)  # what `validate` checks
    except HealthcheckError as exc:
        _fail(exc)
        return
    for d in done:
        if d.form == "observations":
            click.echo(
                f"collected {d.values} values from {d.workbooks} workbook(s) "
                f"({d.empty} rows left empty: nothing collected from them)"
            )
        elif not d.values:
            click.echo(f"no {d.form} rows in {d.workbooks} workbook(s): {d.path} left as it is")
            continue
        else:
            click.echo(f"collected {d.values} {d.form} rows from {d.workbooks} workbook(s)")
        click.echo(
            f"wrote {d.path}: {d.changed} changed, {d.added} added, "
            f"{d.unchanged} unchanged; validate: ok"
        )


@main.command()
@year_option
@plan_option
@data_option
@district_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
def assess(
    year: int | None,
    plan_dir: Path | None,
    data_dir: Path,
    district: str,
    fmt: str,
    output: Path | None,
) -> None:
    """One row per indicator with both verdicts and their inputs."""
    from healthcheck.engine import assess_plan
    from healthcheck.files import atomic_write_text
    from healthcheck.inputs.project import load_inputs, resolve_year
    from healthcheck.tables import assessment_csv, assessment_json, assessment_table

    try:
        plan, obs = load_inputs(_plan_dir(plan_dir, data_dir), data_dir, district)
        year = resolve_year(obs, year)
    except HealthcheckError as exc:
        _fail(exc)
        return
    table = assess_plan(plan, obs, year)
    if fmt == "csv":
        text = assessment_csv(table)
    elif fmt == "json":
        text = assessment_json(table)
    else:
        text = assessment_table(plan, table, year, width=_terminal_width())
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        atomic_write_text(output, text)
        click.echo(f"wrote {output}", err=True)


@main.command()
@year_option
@plan_option
@data_option
@district_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder. Default: build (a district's report: build/district-<code>).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Notebooks run at once. Default: the number of cores.",
)
@click.option(
    "--notebooks",
    "notebooks_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the notebooks. Default: the project's notebooks/.",
)
@click.option("--no-cache", is_flag=True, help="Re-execute every notebook.")
@click.option(
    "--self-contained",
    is_flag=True,
    help="report.html with its figures inside it: one file to mail (about 3 MB more).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def report(
    notebooks_dir: Path | None,
    year: int | None,
    plan_dir: Path | None,
    data_dir: Path,
    district: str,
    out_dir: Path | None,
    jobs: int | None,
    no_cache: bool,
    self_contained: bool,
    quiet: bool,
) -> None:
    """Build <out>/<year>/report.pdf (and .html, .xlsx, tables, executed notebooks)."""
    from healthcheck.pipeline import build
    from healthcheck.pipeline.processes import Interrupted, stopping_on_signals

    try:
        with stopping_on_signals():
            result = build(
                plan_dir=_plan_dir(plan_dir, data_dir),
                data_dir=data_dir,
                out_dir=out_dir or Path("build", f"district-{district}" if district else ""),
                year=year,
                jobs=jobs,
                use_cache=not no_cache,
                progress=not quiet,
                notebooks_dir=notebooks_dir,
                self_contained_html=self_contained,
                district=district,
            )
    except HealthcheckError as exc:
        _fail(exc)
        return
    except Interrupted as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(_built(result))


def _built(result: BuildResult) -> str:
    """What the build did, truthfully: wrote the report, or found everything up to date."""
    pdf = _shown(result.pdf)
    ran = f"{len(result.executed)} notebook(s) run, {len(result.cached)} cached"
    if result.report_rendered:
        return f"wrote {pdf} ({ran})"
    if result.executed:
        return f"up to date: {pdf} ({ran}; their results did not change)"
    return f"up to date: {pdf} (nothing to rebuild)"


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command()
@click.option(
    "--year",
    type=int,
    default=None,
    help="The data year the forms ask for [default: the year after the latest observation "
    "file of --data; without one, last calendar year].",
)
@plan_option
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build/forms"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--by",
    type=click.Choice(["domain", "owner"]),
    default="domain",
    show_default=True,
    help="One workbook per domain, or per responsible unit (indicators.csv column owner).",
)
@click.option(
    "--deadline",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date the forms are due back (YYYY-MM-DD), shown on the first sheet.",
)
def forms(
    year: int | None,
    plan_dir: Path | None,
    data_dir: Path,
    out_dir: Path,
    by: str,
    deadline: dt.datetime | None,
) -> None:
    """Write fill-in Excel forms for the bureaus: one workbook per domain (or owner)."""
    from healthcheck.forms.write import default_year, write_forms

    year = default_year(data_dir) if year is None else year
    try:
        paths = write_forms(
            _plan_dir(plan_dir, data_dir),
            data_dir,
            out_dir,
            year,
            by="owner" if by == "owner" else "domain",
            deadline=deadline.date() if deadline else None,
        )
    except HealthcheckError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {len(paths)} form(s) for {year} into {out_dir}")


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--scheduler",
    default=None,
    help="Address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786). "
    "Default: a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Workers of the local cluster (one thread each). Default: the number of cores.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build-batch"),
    show_default=True,
    help="Output folder: one folder per report, batch-summary.csv/.json and index.html.",
)
@click.option("--quiet", is_flag=True, help="No progress.")
def batch(
    manifest: Path, scheduler: str | None, workers: int | None, out_dir: Path, quiet: bool
) -> None:
    """Build the reports of MANIFEST (TOML or YAML) on Dask; exit 1 naming each failed one."""
    from healthcheck.batch.manifest import load_manifest
    from healthcheck.batch.run import run

    if scheduler and workers:
        raise click.UsageError("--workers starts a local cluster; --scheduler uses another")
    try:
        specs = load_manifest(manifest)
    except HealthcheckError as exc:
        _fail(exc)
        return
    echo = (lambda _: None) if quiet else (lambda s: click.echo(s, err=True))
    done = run(specs, out_dir, scheduler=scheduler, workers=workers, progress=not quiet, echo=echo)
    for m in done.failed:
        click.echo(f"failed: {m['label']}: {m['reason']}", err=True)
    if done.after:
        click.echo(f"failed: the comparison: {done.after}", err=True)
    built = len(done.reports) - len(done.failed)
    click.echo(f"wrote {done.written[-1]}: {built} built, {len(done.failed)} failed")
    if done.failed or done.after:
        sys.exit(1)


def _terminal_width() -> int:
    import shutil

    if not sys.stdout.isatty():
        return 220  # a file or a pipe: room for whole names
    return shutil.get_terminal_size((160, 40)).columns
