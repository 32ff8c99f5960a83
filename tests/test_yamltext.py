"""Reading YAML text: plain data only, with the fast loader when PyYAML has it."""

from __future__ import annotations

import pytest
import yaml

from service.yamltext import load_yaml


def test_yaml_text_becomes_plain_data():
    assert load_yaml("a: [1, two]\nb: {c: null}\n") == {"a": [1, "two"], "b": {"c": None}}


def test_python_object_tags_are_refused():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
