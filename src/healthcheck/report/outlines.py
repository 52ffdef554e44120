"""Report outlines: which parts a framework's report has, in which order, as data.

An outline is ``<templates>/outlines/<framework>.yaml`` (see ``plan_targets.yaml``): ordered
parts, each a template partial and the name of the context builder it needs
(:data:`healthcheck.report.context.BUILDERS`), numbered as a chapter or an appendix, or
repeated for every domain.  The report of a results tree follows the outline of its
``framework``; a framework without an outline is a :class:`BuildError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from healthcheck.errors import BuildError

__all__ = ["ChapterTitle", "Outline", "Part", "load_outline", "outline_path"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChapterTitle(_Model):
    anchor: str
    zh: str
    en: str


class Part(_Model):
    """One part of the report: a template partial and the builder of its context."""

    key: str
    template: str
    builder: str
    #: a numbered chapter (or, with ``appendix``, a lettered appendix); None: not numbered
    chapter: ChapterTitle | None = None
    #: the appendix numbers (zh, en), e.g. ("一", "A")
    appendix: tuple[str, str] | None = None
    #: repeat the part for every domain of the plan (each a numbered chapter)
    per_domain: bool = False
    #: what the report must have for the part to be printed ("districts": a plan without
    #: districts has no district appendix; "findings": a report year without the analysts'
    #: findings has no remediation list; the appendices after it move up a letter; "survey":
    #: only a year with the resident survey's results has the survey chapter; "special": a
    #: special check (专项体检), the summary's paragraphs or tables whose key starts with
    #: "special")
    needs: Literal["districts", "findings", "survey", "special"] | None = None

    @property
    def numbering(self) -> Literal["chapter", "appendix", "none"]:
        if self.appendix is not None:
            return "appendix"
        return "chapter" if self.chapter is not None or self.per_domain else "none"


class Outline(_Model):
    framework: str
    #: the word of an appendix number, (zh, en): 附录一 / Appendix A, or the national
    #: check's 附件1 / Attachment 1
    appendix_word: tuple[str, str] = ("附录", "Appendix")
    parts: list[Part] = Field(min_length=1)


def outline_path(template_dir: Path, framework: str) -> Path:
    return Path(template_dir) / "outlines" / f"{framework}.yaml"


def load_outline(template_dir: Path, framework: str) -> Outline:
    """The outline of ``framework`` in ``template_dir``; BuildError naming the file when it is
    missing or malformed."""
    path = outline_path(template_dir, framework)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"no report outline for framework {framework!r}: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BuildError(f"unreadable report outline {path}: {exc}") from None
    try:
        outline = Outline.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
            for e in exc.errors()
        )
        raise BuildError(f"report outline {path}: {where}") from None
    if outline.framework != framework:
        raise BuildError(f"report outline {path} is of framework {outline.framework!r}")
    return outline
