"""The PDF as an accessible, archivable file: PDF/UA-1 (ISO 14289-1) and PDF/A-2a (ISO 19005-2,
level A) in one file, through WeasyPrint's ``pdf_variant`` and three additions it lacks.

WeasyPrint 70 tags the document (structure tree, headings, lists, tables with header IDs,
figures with their ``alt``, links), sets the language, the title and ``DisplayDocTitle``, and
writes the PDF/A identification, the sRGB output intent and the file identifier.  What it
does not do, and :func:`finish` does on its PDF objects before they are written:

- a header cell's ``scope`` attribute becomes the cell's ``/Scope`` (WeasyPrint issue #2508):
  ``col``/``colgroup`` -> ``/Column``, ``row``/``rowgroup`` -> ``/Row``;
- a link annotation's ``/Contents`` describes the link: its ``title``, else its text, else
  (a page reference drawn by CSS) "第N页 / page N"; WeasyPrint writes the bare target
  ("#fig-12");
- the XMP metadata also declares PDF/UA-1 (``pdfuaid:part``), with the extension schema
  PDF/A asks for a namespace it does not predefine (:func:`declare_pdfua`).

PDF/A-1 (GB/T 23286.1) is not the variant: it forbids transparency, and the report draws
images with an alpha channel (the demonstration watermark, the colour bars of the maps).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "PDF_OPTIONS",
    "SCOPES",
    "declare_pdfua",
    "finish",
    "link_description",
    "markup_problems",
    "pdf_scope",
    "with_pdfua_metadata",
]

#: the options of ``write_pdf``: PDF/A-2 level A (tagged; PDF 1.7, as PDF/UA-1 wants)
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/a-2a"}

#: HTML ``scope`` -> PDF ``/Scope`` (ISO 32000-1, table 349)
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION_NS = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "pdfuaid": _PDFUAID,
}
for _prefix, _uri in _EXTENSION_NS.items():
    ET.register_namespace(_prefix, _uri)

#: PDF/A (6.6.2.3) accepts a property of a namespace it does not predefine only with its
#: schema described in the metadata: this is that description for pdfuaid:part
_PDFUA_EXTENSION = f"""\
<rdf:Description xmlns:rdf="{_RDF}" rdf:about=""
  xmlns:pdfaExtension="{_EXTENSION_NS["pdfaExtension"]}"
  xmlns:pdfaSchema="{_EXTENSION_NS["pdfaSchema"]}"
  xmlns:pdfaProperty="{_EXTENSION_NS["pdfaProperty"]}">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>{_PDFUAID}</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""

_PAGE_NUMBER = re.compile(r"\d+")


def pdf_scope(scope: str | None) -> str | None:
    """The PDF ``/Scope`` of an HTML header cell's ``scope`` attribute (None: none given)."""
    if scope is None:
        return None
    return SCOPES.get(scope.strip().lower())


def _where(element: Any) -> str:
    """A table or image as a reader of the HTML finds it: its id, class, caption or source."""
    caption = element.find("caption")
    text = " ".join("".join(caption.itertext()).split())[:60] if caption is not None else ""
    named = [f'{k}="{element.get(k)}"' for k in ("id", "class", "src") if element.get(k)]
    return f"<{element.tag} {' '.join(named)}>" + (f" «{text}»" if text else "")


def markup_problems(root: Any) -> list[str]:
    """What in the report's HTML (an ElementTree root) would make the tagged PDF fail PDF/UA:
    a table without a header cell, a header cell without a ``scope`` this module maps, an
    image without ``alt`` text.  Each problem names the table or image."""
    problems = []
    for table in root.iter("table"):
        headers = list(table.iter("th"))
        if not headers:
            problems.append(f"table without header cells (th): {_where(table)}")
        unscoped = [th for th in headers if pdf_scope(th.get("scope")) is None]
        if unscoped:
            problems.append(
                f'{len(unscoped)} header cell(s) without scope="col" or "row": {_where(table)}'
            )
    for img in root.iter("img"):
        if not (img.get("alt") or "").strip():
            problems.append(f"image without alt text: {_where(img)}")
    return problems


def link_description(title: str | None, text: str) -> str:
    """A link annotation's ``/Contents``: the link's ``title``, else its text with white space
    collapsed; a bare number (a page reference the stylesheet draws) reads "第N页 / page N".
    Empty when the link has neither."""
    if title and title.strip():
        return " ".join(title.split())
    text = " ".join(text.split())
    if _PAGE_NUMBER.fullmatch(text):
        return f"第{text}页 / page {text}"
    return text


def declare_pdfua(rdf: bytes) -> bytes:
    """Add ``pdfuaid:part="1"`` to the RDF of WeasyPrint's XMP metadata (beside its PDF/A
    identification) and the extension schema that PDF/A asks for it."""
    root = ET.fromstring(rdf)
    descriptions = root.findall(f"{{{_RDF}}}Description")
    ident = next((d for d in descriptions if f"{{{_PDFAID}}}part" in d.attrib), None)
    if ident is None:
        raise ValueError("the XMP metadata has no PDF/A identification to extend")
    ident.set(f"{{{_PDFUAID}}}part", "1")
    root.append(ET.fromstring(_PDFUA_EXTENSION))
    return ET.tostring(root, encoding="utf-8")


def with_pdfua_metadata(document: Any) -> None:
    """Make ``document`` (a rendered WeasyPrint document) declare PDF/UA-1 in its XMP."""
    metadata = document.metadata
    generate: Callable[..., bytes] = metadata.generate_rdf_metadata

    def generate_with_pdfua(*args: Any, **kwargs: Any) -> bytes:
        return declare_pdfua(generate(*args, **kwargs))

    metadata.generate_rdf_metadata = generate_with_pdfua


def _boxes(document: Any) -> Iterator[Any]:
    for page in document.pages:
        yield from page._page_box.descendants()


def _laid_out_text(box: Any) -> str:
    return "".join(getattr(b, "text", "") for b in box.descendants())


def finish(document: Any, pdf: Any) -> None:
    """WeasyPrint's ``finisher``: header scopes and link descriptions (module docstring).
    Runs after WeasyPrint built the tags (a tagged cell's structure element is ``box.mark``,
    a link's annotation ``box.link_annotation``) and before the PDF is written."""
    import pydyf

    for box in _boxes(document):
        element = box.element
        if element is None:
            continue
        mark = getattr(box, "mark", None)
        if mark is not None and box.element_tag == "th":
            scope = pdf_scope(element.get("scope"))
            if scope is not None:
                mark["A"]["Scope"] = scope
        annotation = box.link_annotation
        if annotation is not None:
            text = "".join(element.itertext()) or _laid_out_text(box)
            description = link_description(element.get("title"), text)
            if description:
                annotation["Contents"] = pydyf.String(description)
