"""SVG ``style`` attributes parsed once: WeasyPrint 70 parses the ``style`` attribute of every
SVG element with tinycss2 each time it draws the element.  Matplotlib writes one of a few dozen
``style`` strings ("fill: #ffffff", …) on each of the report's 23,000 SVG elements, so the same
strings are parsed again and again (about 0.6 s of the render).

:func:`styles_parsed_once` has WeasyPrint's SVG code look each distinct string up in a cache
filled by WeasyPrint's own ``parse_declarations``.  Its callers only read the lists it returns,
so one result serves every element with that string.  Like :mod:`.svgtext`, it is applied
only while the report's PDF is made and is not thread-safe (one render per process, as the
pipeline runs).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

__all__ = ["styles_parsed_once"]


@contextlib.contextmanager
def styles_parsed_once() -> Iterator[None]:
    """Within this block, WeasyPrint parses each distinct SVG ``style`` string once.
    Restores WeasyPrint on exit."""
    import weasyprint.svg as wsvg

    original = wsvg.parse_declarations
    wsvg.parse_declarations = functools.lru_cache(maxsize=4096)(original)
    try:
        yield
    finally:
        wsvg.parse_declarations = original
