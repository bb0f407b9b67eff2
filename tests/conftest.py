"""Shared fixtures. Qt runs offscreen: the platform is set before anything imports Qt."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The reviewer remembered for the machine (storage.identity) lives in a folder of the tests'
# own, never the user's; subprocesses inherit it.
os.environ["REJOINDER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="rejoinder-config-")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LETTERS = CORPUS / "letters"
GOLD = CORPUS / "gold"
HAVE_CORPUS = LETTERS.is_dir() and GOLD.is_dir()


def corpus_letters() -> list[Path]:
    """Every real letter in ../shared/corpus, or [] on a clone without it."""
    return sorted(LETTERS.iterdir()) if HAVE_CORPUS else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests marked `corpus` are collected only where the real letters exist.
    if HAVE_CORPUS:
        return
    kept = [item for item in items if "corpus" not in item.keywords]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if "corpus" in i.keywords])
        items[:] = kept


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application is Rejoinder's own (it takes macOS's file-open events)."""
    from gui.window.file_open import Application

    return Application


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A precedent library built from the bundled sample letters (once a run)."""
    from storage.precedent.build import build

    out = tmp_path_factory.mktemp("precedent") / "sample.rejoinder-library"
    build(out, [ROOT / "resources" / "samples"])
    return out


@pytest.fixture(autouse=True)
def machine_config(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts on a machine that remembers no reviewer."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("REJOINDER_CONFIG_DIR", str(folder))
    return folder
