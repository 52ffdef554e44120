"""The batch task's pure parts: the in-process executor, the one-line reasons, the counts
read from a built report's summary, and the references handed to the comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthcheck.batch.refs import ReportRef
from healthcheck.batch.run import InlineExecutor, _counts, _reason, build_report, refs
from healthcheck.errors import BuildError, InputError, Problem


def test_inline_executor_runs_at_once_and_keeps_the_exception() -> None:
    calls: list[int] = []
    with InlineExecutor() as pool:
        fut = pool.submit(lambda x: calls.append(x) or x * 2, 21)
        assert calls == [21] and fut.done() and fut.result() == 42
        bad = pool.submit(lambda: 1 / 0)
        assert isinstance(bad.exception(), ZeroDivisionError)


def test_reasons_are_one_line() -> None:
    problems = [
        Problem("obs.csv", 3, "value", "x", "a number"),
        Problem("obs.csv", 4, "year", "y", "a year"),
    ]
    assert _reason(InputError(problems)) == (
        "invalid input: obs.csv:3:value: found x; expected a number (and 1 more)"
    )
    assert (
        _reason(BuildError("2 notebooks failed:\n  a: x\n  b: y"))
        == "2 notebooks failed: a: x b: y"
    )


def test_counts_of_verdicts_and_of_grades(tmp_path: Path) -> None:
    summary = tmp_path / "results.json"
    summary.write_text(json.dumps({
        "counts": {"schedule_verdict": {"__all__": {"ahead": 2, "behind": 1},
                                        "alpha": {"ahead": 1}}},
        "ratings": [{"good": 2, "fair": 1}, {"good": 1, "very_good": 3, "insufficient": 0}],
    }), encoding="utf-8")  # fmt: skip
    assert _counts(summary) == (
        {"ahead": 2, "behind": 1},
        {"very_good": 3, "good": 3, "fair": 1, "insufficient": 0},
    )
    assert _counts(tmp_path / "missing.json") == ({}, {})


def test_refs_are_the_reports_built(tmp_path: Path) -> None:
    ok = {"label": "A 2024", "framework": "plan_targets", "year": 2024, "status": "ok",
          "build_dir": str(tmp_path / "a" / "2024"),
          "plan_dir": "/p", "data_dir": "/d"}  # fmt: skip
    failed = {**ok, "label": "B", "status": "failed"}
    assert refs([ok, failed]) == [
        ReportRef("A 2024", "plan_targets", 2024, tmp_path / "a" / "2024", Path("/p"), Path("/d"))
    ]


def test_a_failing_report_is_a_manifest_not_an_exception(tmp_path: Path) -> None:
    """Invalid input inside the task: status failed with the located problem, no raise."""
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "indicators.csv").write_text("id\n", encoding="utf-8")
    (tmp_path / "data" / "observations").mkdir(parents=True)
    (tmp_path / "data" / "observations" / "2024.csv").write_text("nonsense\n", encoding="utf-8")
    params = {"label": "X", "framework": "plan_targets", "year": 2024,
              "plan_dir": str(tmp_path / "plan"), "data_dir": str(tmp_path / "data"),
              "out_dir": str(tmp_path / "out")}  # fmt: skip
    result = build_report(params)
    assert result["status"] == "failed" and result["label"] == "X"
    assert result["reason"].startswith("invalid input: ") and "\n" not in result["reason"]
    assert "indicators.csv" in result["reason"] or "2024.csv" in result["reason"]
    assert result["seconds"] >= 0 and result["peak_rss_worker_mb"] > 0
    json.dumps(result)  # small and JSON-serialisable


@pytest.mark.parametrize("bad", ["[[reports]]\nyear = 1\n", "[[districts]]\n"])
def test_the_command_refuses_a_bad_manifest_with_exit_2(tmp_path: Path, bad: str) -> None:
    from click.testing import CliRunner

    from healthcheck.cli import main

    path = tmp_path / "batch.toml"
    path.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"{path}:" in result.output and "found" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_only_kernels_that_never_started_are_retried() -> None:
    from healthcheck.batch.run import _kernels_failed
    from healthcheck.errors import NotebookError

    died = NotebookError("alpha", None, "RuntimeError: Kernel died before replying", None)
    assert _kernels_failed(died)
    late = NotebookError("beta", None, "RuntimeError: Kernel didn't respond in 120 seconds", None)
    assert _kernels_failed(BuildError(f"2 notebooks failed:\n  {died}\n  {late}"))
    in_cell = NotebookError("alpha", 3, "ZeroDivisionError: division by zero (in `1 / 0`)", None)
    assert not _kernels_failed(in_cell)
    assert not _kernels_failed(BuildError(f"2 notebooks failed:\n  {died}\n  {in_cell}"))
    assert not _kernels_failed(BuildError("report.pdf: the font is missing"))


def test_environ_is_set_for_the_block_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    from healthcheck.batch.run import _environ

    monkeypatch.setenv("HC_BATCH_A", "before")
    monkeypatch.delenv("HC_BATCH_B", raising=False)
    import os

    with _environ(HC_BATCH_A="in", HC_BATCH_B="in"):
        assert os.environ["HC_BATCH_A"] == os.environ["HC_BATCH_B"] == "in"
    assert os.environ["HC_BATCH_A"] == "before" and "HC_BATCH_B" not in os.environ
