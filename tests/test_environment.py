"""The set-up agrees with pyproject.toml / uv.lock: environment.yml (conda),
.pre-commit-config.yaml, and scripts/bootstrap.sh (idempotent).

environment.yml lists, under conda-forge names, every dependency of
[project.dependencies] and of the dev and lab dependency groups, with the same
version constraint, plus python and pip, and installs the package itself with
`pip: [-e .]`. Nothing else.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("dev", "lab")

# Canonical PyPI name -> conda-forge name, where the two differ.
CONDA_NAMES = {
    "jupyter-client": "jupyter_client",
    "matplotlib": "matplotlib-base",  # PyPI matplotlib == conda-forge matplotlib-base (no Qt)
}
# In environment.yml without a counterpart in pyproject.toml.
CONDA_ONLY = {"python", "pip"}
# Must be pinned identically: the PDF layout depends on this exact WeasyPrint.
EXACT_PIN = "weasyprint"

_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?(?P<name>[A-Za-z0-9_.-]+)\s*(?P<spec>.*)$")


def _group_requirements(groups: dict, name: str) -> list[str]:
    out: list[str] = []
    for item in groups.get(name, []):
        if isinstance(item, dict):  # {include-group = "..."}
            out += _group_requirements(groups, item["include-group"])
        else:
            out.append(item)
    return out


def pyproject_requirements(pyproject: dict) -> dict[str, SpecifierSet]:
    """Conda name -> specifier for the project's dependencies and the GROUPS."""
    groups = pyproject.get("dependency-groups", {})
    reqs = list(pyproject["project"].get("dependencies", []))
    for group in GROUPS:
        reqs += _group_requirements(groups, group)
    out: dict[str, SpecifierSet] = {}
    for line in reqs:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        out[CONDA_NAMES.get(name, name)] = req.specifier
    return out


def _conda_specifier(spec: str) -> SpecifierSet:
    """A conda match spec's version part as a PEP 440 specifier set.

    `=1.2` (conda's fuzzy match) means `==1.2.*`; `==1.2`, `>=1,<2` are as in PEP 440.
    """
    spec = spec.replace(" ", "")
    if re.fullmatch(r"=[^=<>!~,|]+", spec):
        spec = f"={spec}.*"
    return SpecifierSet(spec)


def conda_requirements(env: dict) -> tuple[dict[str, str], list[str], list[str]]:
    """(conda name -> raw version spec, pip lines, unparsable entries)."""
    deps: dict[str, str] = {}
    pip: list[str] = []
    bad: list[str] = []
    for item in env.get("dependencies", []):
        if isinstance(item, dict):
            pip += [str(x) for x in item.get("pip", [])]
            continue
        m = _CONDA_SPEC.match(str(item).strip())
        if not m:
            bad.append(str(item))
            continue
        deps[m["name"]] = m["spec"].strip()
    return deps, pip, bad


def compare(pyproject: dict, env: dict) -> list[str]:
    """Every disagreement between pyproject.toml and environment.yml, one line each."""
    problems: list[str] = []
    wanted = pyproject_requirements(pyproject)
    have, pip, bad = conda_requirements(env)
    problems += [f"environment.yml: cannot parse dependency {b!r}" for b in bad]
    # a package that is on PyPI only (pdfua) is listed in the pip: section, with its constraint
    for line in pip:
        try:
            req = Requirement(line)
        except InvalidRequirement:  # "-e .", a path: not a package of PyPI
            continue
        have[req.name] = str(req.specifier)
    pypi_of = {conda: pypi for pypi, conda in CONDA_NAMES.items()}

    for name, spec in sorted(wanted.items()):
        if name not in have:
            pypi = pypi_of.get(name, name)
            hint = f" (conda-forge name of {pypi})" if pypi != name else ""
            problems.append(
                f"{name}{hint}: in pyproject.toml ({pypi}{spec}), missing from environment.yml"
            )
            continue
        try:
            conda_spec = _conda_specifier(have[name])
        except InvalidSpecifier:
            problems.append(f"{name}: environment.yml constraint {have[name]!r} is not valid")
            continue
        if name == EXACT_PIN and (len(spec) != 1 or next(iter(spec)).operator != "=="):
            problems.append(f"{name}: pyproject.toml must pin it exactly (==), has {spec!r}")
        if conda_spec != spec:
            what = f"{name} pin differs" if name == EXACT_PIN else f"{name}: constraint differs"
            problems.append(
                f"{what}: pyproject.toml {str(spec) or '(none)'}, "
                f"environment.yml {have[name] or '(none)'}"
            )

    for name in sorted(set(have) - set(wanted) - CONDA_ONLY):
        hint = ""
        if name in CONDA_NAMES:
            hint = f" (on conda-forge it is {CONDA_NAMES[name]})"
        problems.append(f"{name}: in environment.yml, not in pyproject.toml{hint}")

    if "python" not in have:
        problems.append("python: missing from environment.yml")
    else:
        version = have["python"].lstrip("=")
        requires = SpecifierSet(pyproject["project"].get("requires-python", ""))
        if not re.fullmatch(r"\d+\.\d+", version) or Version(version) not in requires:
            problems.append(
                f"python: environment.yml has {have['python']!r}, "
                f"want python=X.Y within requires-python {requires}"
            )
    if pip and "pip" not in have:
        problems.append("pip: environment.yml has a pip: section but does not list pip")
    if "-e ." not in pip:
        problems.append("environment.yml: the pip: section must install the package (`-e .`)")
    return problems


def _load_real() -> tuple[dict, dict]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    return pyproject, env


def test_environment_yml_agrees_with_pyproject():
    pyproject, env = _load_real()
    problems = compare(pyproject, env)
    assert not problems, "environment.yml vs pyproject.toml:\n" + "\n".join(problems)


def test_weasyprint_pinned_identically():
    pyproject, env = _load_real()
    have, _, _ = conda_requirements(env)
    assert str(pyproject_requirements(pyproject)[EXACT_PIN]).startswith("==")
    assert _conda_specifier(have[EXACT_PIN]) == pyproject_requirements(pyproject)[EXACT_PIN]


def test_environment_yml_uses_conda_forge():
    _, env = _load_real()
    assert env["channels"][0] == "conda-forge"
    assert env["name"] == "healthcheck"


# --- the comparison itself, on deliberately made pairs --------------------------------

PYPROJECT = {
    "project": {
        "requires-python": ">=3.11",
        "dependencies": ["pandas>=2.2,<3", "weasyprint==70.0", "jupyter-client>=8.6", "Click>=8"],
    },
    "dependency-groups": {"dev": ["pytest>=8"], "lab": [{"include-group": "dev"}, "jupyterlab"]},
}
MATCHING_ENV = {
    "channels": ["conda-forge"],
    "dependencies": [
        "python=3.11",
        "pip",
        "pandas >=2.2,<3",
        "weasyprint==70.0",
        "conda-forge::jupyter_client>=8.6",
        "click>=8",
        "pytest>=8",
        "jupyterlab",
        {"pip": ["-e ."]},
    ],
}


def test_compare_accepts_a_matching_pair():
    assert compare(PYPROJECT, MATCHING_ENV) == []


def test_compare_reports_every_mismatch():
    env = {
        "dependencies": [
            "python=3.10",  # below requires-python
            "pandas>=2.2,<3",
            "weasyprint=71.0",  # pin differs
            "jupyter-client>=8.6",  # PyPI spelling, not conda-forge's
            "click>=7",  # constraint differs
            "jupyterlab",
            "numpy",  # not in pyproject
            {"pip": ["."]},  # pip section without pip, and not `-e .`
        ]
    }
    problems = "\n".join(compare(PYPROJECT, env))
    assert "weasyprint pin differs: pyproject.toml ==70.0, environment.yml =71.0" in problems
    assert "jupyter_client (conda-forge name of jupyter-client): in pyproject.toml" in problems
    assert "jupyter-client: in environment.yml, not in pyproject.toml" in problems
    assert "(on conda-forge it is jupyter_client)" in problems
    assert "pytest: in pyproject.toml (pytest>=8), missing from environment.yml" in problems
    assert "numpy: in environment.yml, not in pyproject.toml" in problems
    assert "click: constraint differs" in problems
    assert "python: environment.yml has '=3.10'" in problems
    assert "pip: environment.yml has a pip: section but does not list pip" in problems
    assert "must install the package (`-e .`)" in problems
    assert "pandas" not in problems and "jupyterlab" not in problems


def test_conda_fuzzy_pin_is_not_an_exact_pin():
    # conda's `=70.0` also admits 70.0.1: not the same as pyproject's ==70.0.
    assert _conda_specifier("=70.0") != SpecifierSet("==70.0")
    assert _conda_specifier("==70.0") == SpecifierSet("==70.0")
    assert _conda_specifier(">=2.2,<3") == SpecifierSet("<3,>=2.2")


# --- .pre-commit-config.yaml ------------------------------------------------------------


def _locked_version(name: str) -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    versions = {p["version"] for p in lock["package"] if p["name"] == name}
    assert len(versions) == 1, f"{name} locked at {versions}"
    return versions.pop()


def test_pre_commit_ruff_is_the_locked_ruff():
    """The ruff hook and `make lint` (.venv's ruff) must be one version, or they fight."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repos = {r["repo"].rsplit("/", 1)[-1]: r for r in config["repos"]}
    assert repos["ruff-pre-commit"]["rev"] == f"v{_locked_version('ruff')}"
    hook_ids = {h["id"] for r in config["repos"] for h in r["hooks"]}
    assert {"ruff-check", "ruff-format", "nbstripout", "check-yaml", "check-json"} <= hook_ids
    assert {"end-of-file-fixer", "trailing-whitespace"} <= hook_ids
    for hook in repos["pre-commit-hooks"]["hooks"]:
        if hook["id"] in {"end-of-file-fixer", "trailing-whitespace"}:
            assert re.search(hook["exclude"], "data/plan/indicators.csv")
            assert not re.search(hook["exclude"], "src/healthcheck/cli.py")


# --- scripts/bootstrap.sh (what `make report` / `make test` run first) -----------------


def _bootstrap() -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run(
        ["bash", "scripts/bootstrap.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=900,
    )
    return proc, time.monotonic() - start


def test_bootstrap_second_run_installs_nothing_and_is_fast():
    if shutil.which("dpkg-query") is None:
        pytest.skip("scripts/bootstrap.sh installs system packages on Debian/Ubuntu only")
    first, _ = _bootstrap()  # normally nothing to do either: `make test` just ran it
    if first.returncode != 0 and "missing system packages; run: sudo" in first.stderr:
        pytest.skip(first.stderr.strip())
    assert first.returncode == 0, first.stdout + first.stderr
    second, seconds = _bootstrap()
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout == (
        "bootstrap: nothing to install (system packages present, .venv up to date)\n"
    )
    assert seconds < 1.0


# --- make lint and CI -------------------------------------------------------------------


def test_make_lint_runs_ruff_mypy_and_the_architecture_rules():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    proc = subprocess.run(
        ["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    for command in (
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/python -m mypy",
        ".venv/bin/python scripts/check_architecture.py",
    ):
        assert command in proc.stdout, command
    assert "exit $rc" in proc.stdout  # every check runs; any failure fails the target


def test_ci_lints_then_runs_the_readme_test_command():
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands.index("make lint") < commands.index("exec make test")
    assert commands[-1] == "exec make test"
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "src/healthcheck" in config["tool"]["mypy"]["files"]
