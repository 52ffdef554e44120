"""Cache keys: one changed value changes the digest of exactly the groups that read it."""

from pathlib import Path

from healthcheck.inputs.observations import observation_files
from healthcheck.pipeline import fingerprint as fp
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
