"""The domain lemma table (lemmas.yaml): data-engineering word forms spaCy's English lookup table
misses ("deduplicated" -> "deduplicate", "upserted" -> "upsert", "watermarking" -> "watermark")."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from service.yamltext import load_yaml


@cache
def domain_lemmas() -> dict[str, str]:
    """Folded word form -> lemma, read once from the package's lemmas.yaml."""
    data = load_yaml(files("service.scoring").joinpath("lemmas.yaml").read_text("utf-8"))
    return {str(form).casefold(): str(lemma).casefold() for form, lemma in data.items()}
