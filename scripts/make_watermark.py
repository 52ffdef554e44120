"""Draw templates/watermark.png: the light diagonal "方法演示稿 / Methods demonstration" mark
of a report whose values are mostly illustrative (an image, so that the PDF's text stays the
body's text).  Run once after changing the words: ``.venv/bin/python scripts/make_watermark.py``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "templates" / "watermark.png"


def main() -> None:
    fig = plt.figure(figsize=(8.27, 11.69), dpi=100)
    fig.patch.set_alpha(0)
    grey = (0.47, 0.51, 0.55, 0.13)
    kw = {"ha": "center", "va": "center", "rotation": 35, "color": grey,
          "family": "Noto Sans CJK SC", "weight": "bold"}  # fmt: skip
    fig.text(0.5, 0.53, "方法演示稿", fontsize=78, **kw)
    fig.text(0.56, 0.43, "Methods demonstration", fontsize=36, **kw)
    fig.savefig(OUT, transparent=True, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    main()
