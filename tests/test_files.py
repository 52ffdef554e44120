"""Input files: only regular files inside the user's folder are read; every other entry that
looks like an input file is a located problem, found without opening it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from healthcheck.files import (
    input_file_problem,
    observation_files,
    present,
    read_input,
    scan_observation_files,
    year_files,
)


@pytest.fixture
def obs(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "observations"
    folder.mkdir(parents=True)
    (folder / "2024.csv").write_text("indicator,year\n", encoding="utf-8")
    return folder


def _names(problems) -> list[str]:
    return [Path(p.file).name for p in problems]


def test_regular_files_are_found(obs):
    files, problems = scan_observation_files(obs.parent)
    assert files == {2024: obs / "2024.csv"} and problems == []


def test_a_link_out_of_the_data_folder_is_refused_and_not_read(obs, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("SECRET-CONTENT\n", encoding="utf-8")
    (obs / "2025.csv").symlink_to(secret)
    files, problems = scan_observation_files(obs.parent)
    assert 2025 not in files
    (p,) = problems
    assert p.file.endswith("2025.csv") and "symbolic link to a file outside" in p.found
    assert "SECRET" not in str(p)
    raw, problem = read_input(obs / "2025.csv", obs.parent)
    assert raw is None and problem is not None


def test_a_link_inside_the_data_folder_is_followed(obs):
    (obs.parent / "archive").mkdir()
    (obs.parent / "archive" / "2025.csv").write_text("indicator,year\n", encoding="utf-8")
    (obs / "2025.csv").symlink_to(obs.parent / "archive" / "2025.csv")
    files, problems = scan_observation_files(obs.parent)
    assert set(files) == {2024, 2025} and problems == []


def test_a_folder_seen_through_a_link_out_of_the_data_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2025.csv").write_text("x\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "observations").symlink_to(outside)
    files, problems = scan_observation_files(data)
    assert files == {} and "outside" in problems[0].found


@pytest.mark.parametrize("kind", ["dangling", "folder", "fifo"])
def test_what_is_not_a_regular_file_is_a_located_problem(obs, kind):
    path = obs / "2026.csv"
    if kind == "dangling":
        path.symlink_to(obs / "nowhere.csv")
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    files, problems = scan_observation_files(obs.parent)
    assert 2026 not in files and _names(problems) == ["2026.csv"]
    assert {"dangling": "broken link", "folder": "a folder", "fifo": "FIFO"}[kind] in str(
        problems[0]
    )
    assert present(path)


def test_a_fifo_is_never_opened(obs):
    """Reading a FIFO would block until a writer comes; the check must return at once (a
    thread that is still alive after 10 s means it blocked)."""
    os.mkfifo(obs / "2026.csv")
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(read_input(obs / "2026.csv")), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive() and out[0][0] is None  # type: ignore[index]


@pytest.mark.parametrize("name", ["2025.CSV", "2025.csv.bak", "2025.xlsx", "２０２５.csv", "x.Csv"])
def test_a_file_that_looks_like_a_year_file_is_a_problem(obs, name):
    (obs / name).write_text("indicator,year\n", encoding="utf-8")
    files, problems = scan_observation_files(obs.parent)
    assert set(files) == {2024}
    assert _names(problems) == [name] and "<year>.csv" in problems[0].expected


def test_two_files_naming_one_year_are_both_named(obs):
    (obs / "２０２４.csv").write_text("indicator,year\n", encoding="utf-8")
    files, problems = scan_observation_files(obs.parent)
    (p,) = problems
    assert "２０２４.csv" in p.file and "beside 2024.csv" in p.found
    assert files == {2024: obs / "2024.csv"}


def test_other_files_and_hidden_files_are_passed_over_unless_strict(obs):
    (obs / "README.md").write_text("notes\n", encoding="utf-8")
    (obs / ".~lock.2024.csv#").write_text("lock\n", encoding="utf-8")
    assert year_files(obs, obs.parent, "observation files")[1] == []
    strict = year_files(obs, obs.parent, "findings files", strict=True)[1]
    assert _names(strict) == ["README.md"]


def test_observation_files_lists_only_what_may_be_read(obs):
    os.mkfifo(obs / "2025.csv")
    assert observation_files(obs.parent) == {2024: obs / "2024.csv"}


def test_a_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    raw, problem = read_input(path, limit=100)
    assert raw is None and problem is not None and "101 bytes" in problem.found
    assert read_input(path, limit=101) == (b"x" * 101, None)


def test_a_missing_file_is_named(tmp_path):
    problem = input_file_problem(tmp_path / "nope.csv")
    assert problem is not None and problem.found == "no such file"
    assert not present(tmp_path / "nope.csv")


def test_folder_problems_names_what_is_not_a_regular_file_in_the_folder(tmp_path):
    data = tmp_path / "data"
    geo = data / "geo"
    geo.mkdir(parents=True)
    (geo / "city.geojson").write_text("{}", encoding="utf-8")
    (geo / "SOURCE.md").write_text("notes", encoding="utf-8")
    os.mkfifo(geo / "water.geojson")
    (tmp_path / "outside.geojson").write_text("{}", encoding="utf-8")
    (geo / "link.geojson").symlink_to(tmp_path / "outside.geojson")
    from healthcheck.files import folder_problems

    assert _names(folder_problems(geo, data)) == ["link.geojson", "water.geojson"]
    assert folder_problems(data / "nowhere", data) == []
