"""The report's words: bilingual labels (:mod:`.i18n`), numbers as each language writes them
(:mod:`.numbers`) and the generated sentences and paragraphs (:mod:`.narrative`).

Other packages import from here: ``from healthcheck.text import fmt_value, label``.
"""

from __future__ import annotations

from healthcheck.text import i18n, narrative, numbers
from healthcheck.text.i18n import CATEGORY, STATUS, VERDICT, Lang, label
from healthcheck.text.narrative import (
    SENTENCES,
    Sentence,
    changes_paragraph,
    district_sentence,
    domain_paragraph,
    indicator_sentence,
    indicator_sentences,
    missed_despite_pace,
    share_text,
    shortfall_paragraph,
    summary_paragraph,
)
from healthcheck.text.numbers import (
    MINUS,
    MISSING,
    decimals,
    finite,
    fmt_number,
    fmt_percent,
    fmt_pp,
    fmt_rate,
    fmt_value,
    sign,
    signed_value,
    value_text,
)

__all__ = [
    # labels
    "CATEGORY",
    "STATUS",
    "VERDICT",
    "Lang",
    "label",
    # numbers
    "MINUS",
    "MISSING",
    "decimals",
    "finite",
    "fmt_number",
    "fmt_percent",
    "fmt_pp",
    "fmt_rate",
    "fmt_value",
    "sign",
    "signed_value",
    "value_text",
    # sentences and paragraphs
    "SENTENCES",
    "Sentence",
    "changes_paragraph",
    "district_sentence",
    "domain_paragraph",
    "indicator_sentence",
    "indicator_sentences",
    "missed_despite_pace",
    "share_text",
    "shortfall_paragraph",
    "summary_paragraph",
    # the modules
    "i18n",
    "narrative",
    "numbers",
]
