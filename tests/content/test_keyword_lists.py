"""The keyword-list guard on the shipped rubrics: a list of the rubric's own terms never passes,
however it is laid out and however long it is, and the breakdown says why."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.content.shipped import BANK, WRITTEN


def term_lists(scenario_id: str) -> dict[str, str]:
    """The rubric's terms (and two aliases of each concept) laid out as lists."""
    concepts = [c for cr in BANK.entries[scenario_id].rubric.criteria for c in cr.concepts]
    terms = [c.term for c in concepts]
    everything = terms + [alias for c in concepts for alias in c.aliases[:2]]
    return {
        "commas": ", ".join(terms),
        "lines": "\n".join(terms),
        "bullets": "\n".join(f"- {term}" for term in everything),
        "long commas": ", ".join(everything),
        "few words": " ".join(terms[:4]),
    }


@pytest.mark.parametrize("scenario_id", WRITTEN)
def test_a_list_of_the_rubric_terms_never_passes_and_says_why(scenario_id):
    entry = BANK.entries[scenario_id]
    for layout, text in term_lists(scenario_id).items():
        result = score_answer(entry.rubric, text, entry.scenario.prompt)
        assert not result.passed and result.capped, (layout, result.score)
