"""The one shape every source format is reduced to: logical lines with style and position.

A PDF gives visual lines with boxes; EDGAR HTML gives block-level lines with bold/italic/underline;
plain text gives its lines. The furniture filter and the segmenter only ever see `Line`s.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storage.text import printable

Rect = tuple[float, float, float, float]


@dataclass(slots=True)
class Line:
    text: str
    page: int  # 0-based page of the source (HTML: counted at page-break markers)
    para: bool = True  # first line of a paragraph (block)
    bold: float = 0.0  # share of the line's letters in bold / italic / underline
    italic: float = 0.0
    underline: float = 0.0
    rect: Rect | None = None  # PDF only: the line's box, top-left origin
    x0: float = 0.0  # PDF only: left edge
    size: float = 0.0  # PDF only: font size


_INVISIBLE = frozenset("\ufeff\u200c\u200d\u2060\u00ad")  # BOM, joiners, soft hyphen: no glyph
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def clean(text: str) -> str:
    """Collapse runs of spaces, drop control characters, invisible characters and symbol-font
    glyphs, trim."""
    text = printable("".join(ch for ch in text if (ch >= " " or ch == "\t")
                             and ch not in _INVISIBLE))
    return _SPACES.sub(" ", text).strip()


def norm(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: for comparing and searching."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def shape(text: str) -> str:
    """`norm` with every digit run made '#': the same running header on every page."""
    return re.sub(r"\d+", "#", norm(text))
