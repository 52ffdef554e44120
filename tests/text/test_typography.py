"""Chinese punctuation in a data file's citations."""

from healthcheck.text.typography import zh_punctuation


def test_half_width_marks_touching_chinese_become_full_width():
    assert (
        zh_punctuation("武汉市统计局, 2022年武汉市统计公报 (第二号), 2023")
        == "武汉市统计局，2022年武汉市统计公报（第二号），2023"
    )
    assert (
        zh_punctuation("官网工作动态: 海绵城市建设; 2023-09")
        == "官网工作动态：海绵城市建设；2023-09"
    )


def test_english_and_addresses_keep_their_marks():
    for text in ("Wuhan Statistics Bureau, bulletin (2023), p. 4", "https://a.gov.cn/x,y?a=1;b"):
        assert zh_punctuation(text) == text
