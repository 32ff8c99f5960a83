"""Ideas said in plain words earn the shipped rubrics' concepts; said negated, they earn nothing."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.content.shipped import BANK


def found(scenario_id: str, answer: str) -> tuple[dict[str, str], dict[str, str]]:
    """Concept -> kind of the matched and of the negated evidence."""
    entry = BANK.entries[scenario_id]
    result = score_answer(entry.rubric, answer, entry.scenario.prompt)
    matched = {e.concept: e.kind for c in result.criteria for e in c.matched}
    negated = {e.concept: e.kind for c in result.criteria for e in c.negated}
    return matched, negated


@pytest.mark.parametrize(
    ("scenario_id", "answer", "concept"),
    [
        ("kafka-schema-evolution", "A central service stores every version of the message "
         "format and refuses an incompatible change.", "schema registry"),
        ("kafka-schema-evolution", "A central service stores every version of the message "
         "format and refuses an incompatible change.", "rejects an incompatible schema"),
        ("kafka-schema-evolution", "New fields need defaults.", "optional field with a default"),
        ("kafka-schema-evolution", "Producers can't register a breaking schema.",
         "rejects an incompatible schema"),
        ("stateful-streaming-alerts", "Group the stream by device id and keep a counter per "
         "device.", "mapGroupsWithState"),
    ],
)
def test_an_idea_in_plain_words_earns_its_concept(scenario_id, answer, concept):
    matched, _ = found(scenario_id, answer)
    assert matched.get(concept) == "idea", matched


@pytest.mark.parametrize(
    ("answer", "concept"),
    [
        ("I would not keep a central store of schema versions.", "schema registry"),
        ("Producers can register a breaking schema.", "rejects an incompatible schema"),
    ],
)
def test_the_idea_said_the_other_way_round_earns_nothing(answer, concept):
    matched, negated = found("kafka-schema-evolution", answer)
    assert concept not in matched and negated.get(concept) == "idea"
