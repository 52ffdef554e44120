"""Cache keys (one changed value changes the digest of exactly the groups that read it) and
the state that remembers what was built."""

from pathlib import Path

from healthcheck.inputs.observations import observation_files
from healthcheck.layout import BuildLayout
from healthcheck.pipeline import cache as fp
from tests.conftest import good_rows


def test_one_value_changes_one_group(write_obs, small_plan_dir: Path):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    groups = {d: ids + ["POP"] for d, ids in fp.plan_domains(small_plan_dir).items()}
    assert set(groups) == {"alpha", "beta"}
    before = fp.observation_digests(observation_files(data), groups)
    rows = good_rows(2021)
    rows[5] = rows[5].replace(",90,", ",95,")  # B02 (beta) in 2021
    write_obs(2021, rows)
    after = fp.observation_digests(observation_files(data), groups)
    assert after["alpha"] == before["alpha"]
    assert after["beta"] != before["beta"]
    rows[-1] = rows[-1].replace("1201", "1202")  # POP: a context series every domain reads
    write_obs(2021, rows)
    again = fp.observation_digests(observation_files(data), groups)
    assert again["alpha"] != after["alpha"] and again["beta"] != after["beta"]


def test_key_is_stable_and_order_free():
    assert fp.key(a=1, b=[1, 2]) == fp.key(b=[1, 2], a=1)
    assert fp.key(a=1) != fp.key(a=2)


def _ran(layout: BuildLayout, name: str) -> str:
    """Leave what a run of ``name`` leaves: an executed notebook and a results folder."""
    layout.executed_notebook(name).parent.mkdir(parents=True, exist_ok=True)
    layout.executed_notebook(name).write_text("{}", encoding="utf-8")
    folder = layout.results_dir(name)
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(f'{{"domain": "{name}"}}', encoding="utf-8")
    (folder / "figures" / "a.svg").write_text("<svg/>", encoding="utf-8")
    return fp.digest_folder(folder)


def test_state_round_trip_and_fresh(tmp_path: Path):
    layout = BuildLayout(tmp_path / "out", 2021)
    state = fp.State.load(layout)
    assert not state.fresh("alpha", "k1")
    state.record("alpha", "k1", _ran(layout, "alpha"))
    state.validated, state.report = "v", "r"
    state.save()
    assert layout.state_path.is_file()

    again = fp.State.load(layout)
    assert again.fresh("alpha", "k1") and not again.fresh("alpha", "k2")
    assert (again.validated, again.report) == ("v", "r")
    assert not fp.State.load(BuildLayout(tmp_path / "out", 2020)).fresh("alpha", "k1")
    assert not fp.State.load(layout, use_cache=False).fresh("alpha", "k1")
    again.forget("alpha")
    assert not again.fresh("alpha", "k1")


def test_a_foreign_write_into_a_results_folder_makes_it_stale(tmp_path: Path):
    """What a notebook run by hand would do: overwrite or add a file in the folder."""
    layout = BuildLayout(tmp_path / "out", 2021)
    state = fp.State.load(layout)
    state.record("alpha", "k", _ran(layout, "alpha"))
    folder = layout.results_dir("alpha")
    assert state.fresh("alpha", "k")
    (folder / "figures" / "extra.svg").write_text("<svg/>", encoding="utf-8")
    assert not state.fresh("alpha", "k")
    (folder / "figures" / "extra.svg").unlink()
    assert state.fresh("alpha", "k")
    (folder / "results.json").write_text('{"domain": "other"}', encoding="utf-8")
    assert not state.fresh("alpha", "k")
    state.record("alpha", "k", _ran(layout, "alpha"))
    layout.executed_notebook("alpha").unlink()
    assert not state.fresh("alpha", "k")


def test_a_damaged_state_file_is_a_cold_build(tmp_path: Path):
    layout = BuildLayout(tmp_path / "out", 2021)
    layout.cache_dir.mkdir(parents=True)
    layout.state_path.write_text("{not json", encoding="utf-8")
    state = fp.State.load(layout)
    assert state.validated is None and not state.fresh("alpha", "k")
