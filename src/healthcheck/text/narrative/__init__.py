"""Generated text: one sentence per indicator (:mod:`.sentences`, one function per kind in
:data:`SENTENCES`) and the paragraphs of a domain and of the summary (:mod:`.paragraphs`), in
Chinese and in English, from the assessment."""

from __future__ import annotations

from healthcheck.text.narrative.paragraphs import (
    changes_paragraph,
    count_en,
    count_zh,
    district_sentence,
    domain_paragraph,
    share_text,
    shortfall_paragraph,
    summary_paragraph,
)
from healthcheck.text.narrative.sentences import (
    SENTENCES,
    Sentence,
    indicator_sentence,
    indicator_sentences,
    missed_despite_pace,
)

__all__ = [
    "SENTENCES",
    "Sentence",
    "changes_paragraph",
    "count_en",
    "count_zh",
    "district_sentence",
    "domain_paragraph",
    "indicator_sentence",
    "indicator_sentences",
    "missed_despite_pace",
    "share_text",
    "shortfall_paragraph",
    "summary_paragraph",
]
