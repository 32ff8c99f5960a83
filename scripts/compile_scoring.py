"""Compile the scoring engine's matching modules to C extensions with mypyc (`make setup`).

The modules stay plain, typed Python in the repository; their compiled twins are built beside
them (`<module>.cpython-311-<platform>.so`, ignored by git) and Python imports a twin before its
source. The scores are the same (tests/scoring/test_native.py); a twin older than its source is
refused at import (service/scoring/native.py), so an edit is never silently ignored: `make
setup`, `make test` and `make run` compile again after a change to the scoring package.

    python scripts/compile_scoring.py
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the modules of the matching loops (words, negation scopes, matchers) and the engine's loop over
# criteria: about half of a stored answer's CPU in pure Python (docs/benchmarks.md). Not
# compiled: the pydantic models, building evidence from them, the language resources' loading.
MODULES = [
    "service/scoring/words.py",
    "service/scoring/tokens.py",
    "service/scoring/normalize.py",
    "service/scoring/negation.py",
    "service/scoring/compiled.py",
    "service/scoring/ideas.py",
    "service/scoring/flags.py",
    "service/scoring/misconceptions.py",
    "service/scoring/matchers/__init__.py",
    "service/scoring/matchers/common.py",
    "service/scoring/matchers/exact.py",
    "service/scoring/matchers/lemma.py",
    "service/scoring/matchers/alias.py",
    "service/scoring/matchers/abbreviation.py",
    "service/scoring/matchers/fuzzy.py",
    "service/scoring/matchers/idea.py",
    "service/scoring/engine.py",
]
MYPY_FLAGS = ["--follow-imports=silent", "--ignore-missing-imports"]
# the runtime the compiled modules share, importable beside them
GROUP = "service.scoring.native"
BUILD_DIR = ROOT / "build" / "native"


def main() -> None:
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)
    setup(
        name="interview-grader-native",
        # mypy checks the compiled modules; what they import is read for its types only
        ext_modules=mypycify([*MYPY_FLAGS, *MODULES], group_name=GROUP,
                             target_dir=str(BUILD_DIR / "c")),
        script_args=["--quiet", "build_ext", "--inplace", "--build-temp", str(BUILD_DIR / "temp")],
    )


if __name__ == "__main__":
    main()
