"""SVG text drawn as whole runs (:mod:`healthcheck.report.svgtext`): the same words at the same
places as WeasyPrint's character-by-character drawing, with one text object per run, and the
character-by-character drawing kept where the SVG positions characters one by one."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import weasyprint

from healthcheck.report.svgtext import whole_svg_text_runs

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
<text x="10" y="20" style="font-size: 10px; font-family: 'Noto Sans CJK SC'"
      >Tianhe Airport 天河机场</text>
<text style="font-size: 10px; font-family: 'Noto Sans CJK SC'; text-anchor: middle"
      transform="translate(150 45) rotate(-0)">Average 平均 99.9986%</text>
<text x="290" y="70" style="font-size: 10px; font-family: 'Noto Sans CJK SC'; text-anchor: end">
  Kowloon <tspan dy="2">sub</tspan></text>
<text x="10 30 50" y="95" style="font-size: 10px; font-family: 'Noto Sans CJK SC'">ABC</text>
</svg>"""


def _render(tmp: Path, runs: bool) -> Path:
    (tmp / "figure.svg").write_text(SVG, encoding="utf-8")
    html = weasyprint.HTML(string='<img src="figure.svg" alt="x">', base_url=str(tmp / "a.html"))
    if runs:
        with whole_svg_text_runs():
            pdf = html.write_pdf()
    else:
        pdf = html.write_pdf()
    out = tmp / f"{'runs' if runs else 'letters'}.pdf"
    out.write_bytes(pdf)
    return out


def _words(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each word pdftotext finds: its text and its box's left, right and top, in points."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (w, float(x0), float(x1), float(y0))
        for x0, y0, x1, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', xhtml
        )
    ]


def _tj(pdf: Path) -> int:
    """The text-showing operators (one per drawn layout) in all the PDF's streams."""
    with pikepdf.open(pdf) as doc:
        return sum(
            len(re.findall(rb"\bTJ\b", o.read_bytes()))
            for o in doc.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Type") != "/XRef"
            and o.get("/Subtype") not in ("/Type0", "/CIDFontType0C", "/Image", "/XML")
            and "/Length1" not in o and "/FontFile" not in str(o.get("/Subtype", ""))
        )  # fmt: skip


def test_runs_draw_the_same_words_at_the_same_places(tmp_path: Path) -> None:
    letters, runs = _words(_render(tmp_path, False)), _words(_render(tmp_path, True))
    assert [w for w, *_ in runs] == [w for w, *_ in letters]
    assert "99.9986%" in [w for w, *_ in runs] and "Tianhe" in [w for w, *_ in runs]
    for (word, *a), (_, *b) in zip(letters, runs, strict=True):
        # the run is kerned as a whole: a word moves by a fraction of a point at most
        assert all(abs(p - q) < 1.0 for p, q in zip(a, b, strict=True)), (word, a, b)


def test_runs_draw_one_layout_per_run_and_letters_where_positioned(tmp_path: Path) -> None:
    letters, runs = _tj(_render(tmp_path, False)), _tj(_render(tmp_path, True))
    # WeasyPrint alone: one per character (spaces may draw nothing)
    texts = ("Tianhe Airport 天河机场", "Average 平均 99.9986%", "Kowloon sub", "ABC")
    assert letters >= sum(len(t.replace(" ", "")) for t in texts)
    # one per text or tspan run, and still one per letter for "ABC" (x="10 30 50")
    assert runs == 4 + 3, (letters, runs)


def test_weasyprint_is_restored_after_the_block() -> None:
    import weasyprint.svg as wsvg

    before = (wsvg.text, dict(wsvg.TAGS))
    with whole_svg_text_runs():
        assert wsvg.text is not before[0] and wsvg.TAGS["text"] is wsvg.text
    assert (wsvg.text, wsvg.TAGS) == before
