"""The words and sentences of the national 城市体检 (text/narrative/national.py)."""

from __future__ import annotations

from healthcheck.text.narrative import national as words


def test_labels_in_both_languages_and_unknown_codes_shown() -> None:
    assert words.nat_label("grade", "insufficient", "zh") == "不足"
    assert words.nat_label("rating", "poor", "en") == "poor"
    assert words.nat_label("remedy", "time_bound", "zh") == "限时解决"
    assert words.nat_label("grade", None, "zh") == "—"
    assert words.nat_label("status", "unheard_of", "en") == "unheard_of"
    # grades and ratings have distinct symbols, all in the report's fonts (no ✕)
    syms = [v[2] for v in words.GRADE.values()]
    assert len(set(syms)) == 4 and "✕" not in syms


def test_grade_change_names_the_expert_and_the_survey_step() -> None:
    assert words.grade_change("good", None, "good", False, "zh") == ""
    assert words.grade_change("good", "good", "good", False, "en") == ""
    zh = words.grade_change("good", "fair", "insufficient", True, "zh")
    assert zh == "专家定级一般（默认规则为较好）；居民评分低于60分，降一级"
    en = words.grade_change("very_good", None, "good", True, "en")
    assert en == "lowered one step: residents' score below 60"


def test_counts_sentence_adds_up() -> None:
    counts = {"very_good": 5, "good": 12, "fair": 8, "insufficient": 3}
    assert words.grade_counts_sentence(counts, 2, "zh") == (
        "30项指标中，很好5项、较好12项、一般8项、不足3项，2项未定级或不适用。"
    )
    assert words.grade_counts_sentence(counts, 0, "en") == (
        "Of 28 indicators: 5 very good, 12 good, 8 fair, 3 insufficient."
    )


def test_coverage_gives_the_share_only_of_a_larger_register() -> None:
    assert words.coverage_sentence(3, 15, 15, "zh") == (
        "住房、小区（社区）、街区维度体检覆盖3个街道的15个社区。"
    )
    zh = words.coverage_sentence(3, 15, 60, "zh")
    assert zh.endswith("占登记社区（60个）的25%。"), zh
    assert words.coverage_sentence(1, 1, None, "en") == (
        "The housing, community and block levels cover 1 community in 1 street."
    )


def test_remediation_sentence_states_both_classes() -> None:
    totals = {"time_bound": (4, 3, 0.75), "best_effort": (6, 2, 2 / 6), "overall": (10, 5, 0.5)}
    zh = words.remediation_sentence(2024, totals, 5, "zh")
    assert "2024年问题台账共10项问题，至本年度已完成整治5项，问题整治完成率50.0%" in zh
    assert "限时解决4项、完成3项（75.0%）" in zh and "尽力解决6项、完成2项（33.3%）" in zh
    assert "未完成的5项已转入本年度台账" in zh
    en = words.remediation_sentence(2024, totals, 5, "en")
    assert "remediation rate of 50.0%" in en and "fix-by-deadline 3 of 4 (75.0%)" in en


def test_no_survey_sentence_names_the_rule() -> None:
    assert "未提供居民调查问卷结果" in words.no_survey_sentence("zh")
    assert "below 60" in words.no_survey_sentence("en")


def test_ledger_sentence_counts_what_counts() -> None:
    zh = words.ledger_sentence("housing", 35, 14, 9, 18, "zh")
    assert zh == (
        "住房维度问题台账共35条记录，涉及14个社区；按全市判定，9项指标存在问题。"
        "另有18条为上年转入、本年已完成整治的记录，不再计入。"
    )
    assert words.ledger_sentence("block", 0, 0, 0, 0, "en") == (
        "The block ledger has no open problem this year."
    )
    en = words.ledger_sentence("community", 1, 1, 1, 1, "en")
    assert "1 record in 1 community" in en and "1 indicator is a problem" in en
