"""The citations a comment makes, as search tokens and as labels a reader knows.

ASC paragraphs count at every level they name ("ASC 606-10-25-1" is also ASC 606-10 and ASC
606), so two comments citing neighbouring paragraphs of one subtopic still share something.
"""
from __future__ import annotations

import re

_ASC = re.compile(r"\b(?:ASC|Accounting\s+Standards\s+Codification)(?:\s+(?:Topic|Subtopic|"
                  r"paragraphs?|Section))?\s*(\d{3})(?:-(\d{2}))?(?:-(\d{2}))?(?:-(\d+[A-Z]?))?"
                  r"|\b(?:Topic|Subtopic)\s+(\d{3})(?:-(\d{2}))?\b", re.I)
_ITEM = r"\d{1,4}(?:\([a-z0-9]+\))*"
_SK = re.compile(rf"\bItems?\s+({_ITEM}(?:\s*(?:,|and|or|through)\s*{_ITEM})*)"
                 r"(?=[^.;]{0,40}?Regulation\s+S-K)", re.I)
_RULE = re.compile(r"\bRules?\s+(\d{1,3}[a-z]?-\d{1,3}[a-z]?(?:\([a-z0-9]+\))?)"
                   r"(?:[^.;]{0,30}?Regulation\s+(S-X|S-T|G|M|AB|FD))?", re.I)
_SAB = re.compile(r"\b(?:SAB|Staff\s+Accounting\s+Bulletin)(?:\s+No\.)?\s*(?:Topic\s+)?"
                  r"(\d{1,3}[A-Z]?(?:\.[A-Z0-9]+)?)", re.I)


def citations(text: str) -> dict[str, str]:
    """Search token → label, for each citation in `text` (tokens sorted by first use)."""
    found: dict[str, str] = {}
    for m in _ASC.finditer(text):
        parts = [p for p in (m.group(1) or m.group(5), m.group(2) or m.group(6),
                             m.group(3), m.group(4)) if p]
        for depth in range(1, len(parts) + 1):
            found.setdefault("asc_" + "_".join(parts[:depth]).lower(),
                             "ASC " + "-".join(parts[:depth]))
    for m in _SK.finditer(text):
        for item in re.findall(_ITEM, m.group(1)):
            base = item.split("(")[0]
            found.setdefault(f"sk_{base}", f"S-K Item {base}")
            if item != base:
                key = "sk_" + re.sub(r"[()]+", "_", item).strip("_").lower()
                found.setdefault(key, f"S-K Item {item}")
    for m in _RULE.finditer(text):
        rule = m.group(1)
        key = "rule_" + re.sub(r"[^a-z0-9]+", "_", rule.lower()).strip("_")
        found.setdefault(key, f"Rule {rule}" + (f" of Regulation {m.group(2)}"
                                                 if m.group(2) else ""))
    for m in _SAB.finditer(text):
        found.setdefault("sab_" + re.sub(r"[^a-z0-9]+", "_", m.group(1).lower()),
                         f"SAB Topic {m.group(1)}")
    return found


def label(token: str) -> str:
    """A token's label when its text is not at hand ("asc_350_20" → "ASC 350-20")."""
    head, _, rest = token.partition("_")
    parts = rest.split("_")
    if head == "asc":
        return "ASC " + "-".join(parts)
    if head == "sk":
        return "S-K Item " + parts[0] + "".join(f"({p})" for p in parts[1:])
    if head == "sab":
        return "SAB Topic " + ".".join(parts).upper()
    return "Rule " + "-".join(parts)
