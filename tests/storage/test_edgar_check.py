"""EDGAR pre-flight (storage.exports.edgar_check): each rule of the Filer Manual found with its
line, real filed correspondence passing, and the EDGAR export refusing to write a letter that
breaks a rule."""
from __future__ import annotations

from pathlib import Path

import pytest

import storage.exports.edgar_html as edgar_html
from storage.exports.edgar_check import check_file, check_name, check_text
from storage.importer import import_letter
from storage.store import Store
from tests.conftest import LETTERS, corpus_letters
from tests.storage.conftest import letter

GOOD = """<html>
<head><title>Response</title></head>
<body style="font-family: Times">
<p>Response: the Company &#8220;respectfully&#8221; advises the Staff.</p>
<table><tr><td>1</td></tr></table>
<a href="#top">top</a> <a href="https://www.sec.gov/Archives/edgar/data/1/x.htm">prior</a>
</body></html>
"""

BAD = [
    ("<script>alert(1)</script>", "script"),
    ("<style>p {color: red}</style>", "style-block"),
    ("<form action='x'><input name='a'></form>", "form"),
    ("<iframe src='x.htm'></iframe>", "frame"),
    ("<object data='x.swf'></object>", "object"),
    ("<p>The <ins>new</ins> and <del>old</del> words.</p>", "ins-del"),
    ("<p onclick='x()'>click</p>", "active-content"),
    ("<a href='javascript:x()'>x</a>", "active-content"),
    ("<a href='https://example.com/'>out</a>", "external-link"),
    ("<img src='http://example.com/logo.gif'>", "external-link"),
    ("<p style='background: url(http://x/y.gif)'>x</p>", "external-link"),
    ("<p>the Company’s answer</p>", "ascii"),
    ("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", "nested-table"),
    ("<marquee>x</marquee>", "tag"),
]


def test_a_clean_letter_passes() -> None:
    assert check_text(GOOD) == []


@pytest.mark.parametrize("snippet,rule", BAD)
def test_each_rule_is_found_on_its_line(snippet: str, rule: str) -> None:
    text = GOOD.replace("</body>", f"\n\n{snippet}\n</body>")
    found = check_text(text)
    assert [f.rule for f in found if f.rule == rule], found
    line = text.splitlines().index(snippet) + 1
    assert {f.line for f in found if f.rule == rule} == {line}


def test_ascii_documents_keep_to_80_characters() -> None:
    text = "Response to comment 1\n" + "x" * 81 + "\nshort\n"
    found = check_text(text, "letter.txt")
    assert [(f.line, f.rule) for f in found] == [(2, "line-length")]


@pytest.mark.parametrize("name,ok", [("corresp-2026.htm", True), ("a" * 29 + ".htm", False),
                                     ("response letter.htm", False), ("_x.htm", False),
                                     ("letter.docx", False), ("r10q-630.txt", True)])
def test_file_names(name: str, ok: bool) -> None:
    assert (check_name(name) == []) is ok


@pytest.mark.corpus
@pytest.mark.parametrize("path", [p for p in corpus_letters() if p.suffix == ".htm"],
                         ids=lambda p: p.name)
def test_filed_correspondence_passes_the_content_rules(path: Path) -> None:
    """Letters EDGAR accepted pass every rule but the name (the corpus renamed them)."""
    assert LETTERS.is_dir()
    assert check_text(path.read_bytes(), path.name) == []


def test_the_export_is_checked_before_it_is_written(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    staff = import_letter(store, letter(), b"s").document
    good = edgar_html.export_edgar_html(store, staff.matter_id, tmp_path / "good.htm")
    assert check_file(good) == []
    real = edgar_html.render
    monkeypatch.setattr(edgar_html, "render",
                        lambda *a, **k: real(*a, **k).replace("</body>", "<del>x</del></body>"))
    with pytest.raises(edgar_html.EdgarRefused, match=r"line \d+: \[ins-del\]"):
        edgar_html.export_edgar_html(store, staff.matter_id, tmp_path / "bad.htm")
    assert not (tmp_path / "bad.htm").exists()


def test_check_edgar_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    good = tmp_path / "corresp.htm"
    good.write_text(GOOD)
    bad = tmp_path / "bad.htm"
    bad.write_text(GOOD.replace("</body>", "<script>x</script></body>"))
    assert main(["check-edgar", str(good)]) == 0
    assert "passes" in capsys.readouterr().out
    assert main(["check-edgar", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:7: [script]" in out and "1 finding" in out
    assert main(["check-edgar", str(tmp_path / "none.htm")]) == 1
