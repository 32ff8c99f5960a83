"""Parsing YAML text with libyaml's C loader when PyYAML was built with it (ten times faster than
the pure-Python loader; the content bank and the scoring tables are read at every start)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of one YAML document, loaded safely (plain data types only)."""
    return yaml.load(text, Loader=_LOADER)
