"""Interviews to answer in a benchmark (an organisation, a portal key and candidates, each with
one interview: its invite token is the candidate's Bearer token), and the answers to send."""

from __future__ import annotations

from pathlib import Path

import yaml

from service.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "content" / "samples"


def sample_answers(scenario_id: str) -> list[str]:
    """The scenario's graded sample answers (strong, partial, weak, off-topic, negated, keyword
    stuffed), as the benchmarks send them."""
    return list(yaml.safe_load((SAMPLES / f"{scenario_id}.yaml").read_text())["answers"].values())


def seed_interviews(settings: Settings, count: int, scenario_ids: list[str]) -> list[str]:
    """`count` interviews of `scenario_ids` in the database of `settings`: their invite
    tokens."""
    from service import build_services
    from service.interviews import flow
    from service.store.candidates import create_candidate
    from service.store.db import session_scope
    from service.store.keys import Principal, create_key, create_org

    services = build_services(settings)
    with session_scope(services.db) as session:
        org = create_org(session, "Benchmark")
        key = create_key(session, org.id, "portal", label="bench")[0]
        people = [create_candidate(session, org.id, f"c{i}@bench.test", f"C{i}", "bench")
                  for i in range(count)]
    portal = Principal(org_id=org.id, role="portal", key_id=key.id)
    tokens = [flow.create_interview(services, portal, person.id, scenario_ids=scenario_ids)[1]
              for person in people]
    services.db.dispose()
    return tokens
