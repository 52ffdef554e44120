"""Two repairs of pydyf 0.13 (WeasyPrint's PDF writer) that make the tagged PDF cheaper to
write, applied only while the report's PDF is written (:func:`faster_pdf_writing`).

- ``PDF.page_references`` rebuilds the tuple of every page's reference each time it is read;
  WeasyPrint's tagging reads it once per structure element (about 36 000 times for the
  144 pages of the default report, so 5 million references built).  Here it is kept until a
  page is added (pages are only ever appended).
- ``PDF.write`` with a file identifier (PDF/A asks for one) serialises every object a second
  time to hash it, and so compresses every stream twice (zlib level 9).  Here a stream's bytes
  are kept from the first time to the second, within one ``write``: nothing changes an object
  while it is written.

Both keep pydyf's output byte for byte (``tests/report/test_pdf_ua.py``).  Upstream: pydyf has
no release after 0.13 to take instead.

- pydyf compresses every stream at zlib's level 9; ``level`` sets another.  The report uses
  zlib's default, 6 (:data:`REPORT_LEVEL`): on the default report's 2,800 streams (20 MB
  before compression) level 9 took 1.2 s and level 6 0.3 s, for a PDF 2 % larger (+0.06 MB).
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from typing import Any

__all__ = ["PYDYF_LEVEL", "REPORT_LEVEL", "faster_pdf_writing"]

#: the zlib level pydyf 0.13 compresses streams at, and the one the report's PDF is written at
PYDYF_LEVEL = 9
REPORT_LEVEL = 6


class _Zlib:
    """The ``zlib`` module as pydyf sees it, with its streams compressed at ``level``."""

    def __init__(self, level: int) -> None:
        self.level = level

    def compressobj(self, level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(self.level, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


@contextlib.contextmanager
def faster_pdf_writing(level: int = PYDYF_LEVEL) -> Iterator[None]:
    """Within this block, pydyf's ``PDF.page_references`` is cached, a stream's bytes are
    computed once per ``PDF.write``, and streams are compressed at zlib ``level``.  Restores
    pydyf on exit."""
    import pydyf

    references = pydyf.PDF.page_references
    write = pydyf.PDF.write
    stream_data = pydyf.Stream.data
    pydyf_zlib = pydyf.zlib
    kept: dict[int, tuple[Any, bytes]] = {}
    writing = [False]

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_healthcheck_page_references")
        if cached is None or cached[0] != count:
            cached = (count, references.fget(pdf))
            pdf.__dict__["_healthcheck_page_references"] = cached
        return cached[1]

    def data(stream: Any) -> bytes:
        if not writing[0]:
            return stream_data.fget(stream)
        if id(stream) not in kept:
            kept[id(stream)] = (stream, stream_data.fget(stream))
        return kept[id(stream)][1]

    def write_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        writing[0] = True
        try:
            return write(pdf, *args, **kwargs)
        finally:
            writing[0] = False
            kept.clear()

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF.write = write_once
    pydyf.Stream.data = property(data)
    if level != PYDYF_LEVEL:
        pydyf.zlib = _Zlib(level)
    try:
        yield
    finally:
        pydyf.PDF.page_references = references
        pydyf.PDF.write = write
        pydyf.Stream.data = stream_data
        pydyf.zlib = pydyf_zlib
