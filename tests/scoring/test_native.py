"""The compiled matching modules: in use after `make setup`, never stale, scoring as the source."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from scripts.compile_scoring import MODULES
from service.scoring import native
from service.scoring.native import stale_twins

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = EXTENSION_SUFFIXES[0]

# every sample answer of the bank against every written rubric, hashed; run once compiled (the
# test process) and once in a Python that imports the scoring package from its sources only
BREAKDOWNS = """
import hashlib
from service.scoring import score_answer
from tests.content.shipped import BANK, WRITTEN, answer_files

texts = [t for answers in answer_files("samples", "answers").values() for t in answers.values()]
digest = hashlib.sha256()
for scenario_id in WRITTEN:
    entry = BANK.get(scenario_id)
    for text in texts:
        breakdown = score_answer(entry.rubric, text, question=entry.scenario.prompt)
        digest.update(breakdown.model_dump_json().encode())
"""
SOURCES_ONLY = """
import sys
from importlib.machinery import FileFinder, SourceFileLoader, SOURCE_SUFFIXES

class SourcesOnly:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if not name.startswith("service.scoring"):
            return None
        for entry in path or sys.path:
            spec = FileFinder(entry, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(name)
            if spec is not None:
                return spec
        return None

sys.meta_path.insert(0, SourcesOnly)
"""


def _module_name(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_the_matching_modules_are_imported_compiled():
    origins = {path: importlib.util.find_spec(_module_name(path)).origin for path in MODULES}
    assert {path: origin for path, origin in origins.items()
            if not origin.endswith(SUFFIX)} == {}


def test_compiled_modules_score_every_sample_answer_byte_for_byte_as_their_source():
    compiled: dict[str, object] = {}
    exec(BREAKDOWNS, compiled)
    check = ("import service.scoring.words as words; "
             "assert words.__loader__.__class__.__name__ == 'SourceFileLoader'")
    run = subprocess.run(
        [sys.executable, "-c", SOURCES_ONLY + BREAKDOWNS + check + "\nprint(digest.hexdigest())"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == compiled["digest"].hexdigest()


def _module_pair(folder: Path, name: str, source_time: int, twin_time: int) -> Path:
    """A source and its compiled twin with the given modification times; returns the source."""
    source, twin = folder / f"{name}.py", folder / f"{name}{SUFFIX}"
    source.write_text("")
    twin.write_bytes(b"")
    os.utime(source, (source_time, source_time))
    os.utime(twin, (twin_time, twin_time))
    return source


def test_a_compiled_module_older_than_its_source_is_stale(tmp_path):
    source = _module_pair(tmp_path, "words", source_time=2_000, twin_time=1_000)
    assert stale_twins([tmp_path]) == [source]


def test_a_compiled_module_newer_than_its_source_is_not_stale(tmp_path):
    _module_pair(tmp_path, "words", source_time=1_000, twin_time=2_000)
    assert stale_twins([tmp_path]) == []


def test_a_compiled_module_whose_source_is_gone_is_stale_and_the_shared_runtime_is_not(tmp_path):
    (tmp_path / f"removed{SUFFIX}").write_bytes(b"")
    (tmp_path / f"native__mypyc{SUFFIX}").write_bytes(b"")
    assert stale_twins([tmp_path]) == [tmp_path / "removed.py"]


def test_the_scoring_package_refuses_a_stale_compiled_module(tmp_path, monkeypatch):
    package = tmp_path / "service" / "scoring"
    (package / "matchers").mkdir(parents=True)
    _module_pair(package / "matchers", "fuzzy", source_time=2_000, twin_time=1_000)
    monkeypatch.setattr(native, "PACKAGE", package)
    with pytest.raises(ImportError, match=r"\(service/scoring/matchers/fuzzy.py\): run make setup"):
        native.check_twins()
