"""Turns the interview rules' report and candidate views into what the templates show."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from service.content.bank import Bank
from service.web.highlight import segments

_DIFF_KINDS = {"+": "add", "-": "del", "!": "chg"}
_formatter = HtmlFormatter(noclasses=True, style="default", nobackground=True, wrapcode=True)


def code_html(code: str) -> Markup:
    """Python source with Pygments syntax highlighting (inline styles, no script)."""
    return Markup(highlight(code, PythonLexer(), _formatter))


def diff_lines(message: str | None) -> list[tuple[str, str]]:
    """A test's message as (css class, line): '+' lines added, '-' lines removed, '!' lines
    (rows that differ) changed."""
    return [(_DIFF_KINDS.get(line[:1], ""), line) for line in (message or "").splitlines()]


def blocks(text: str) -> list[tuple[str, str | list[str]]]:
    """Hard-wrapped content text as paragraphs ("p", text) and bullet lists ("ul", items):
    blank lines separate paragraphs, lines starting with '- ' start list items, other lines
    continue what came before."""
    found: list[tuple[str, str | list[str]]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lead: list[str] = []
        items: list[str] = []
        for line in chunk.splitlines():
            stripped = line.strip()
            if stripped.startswith(("- ", "* ")):
                items.append(stripped[2:])
            elif items:
                items[-1] = f"{items[-1]} {stripped}"
            else:
                lead.append(stripped)
        if lead:
            found.append(("p", " ".join(lead)))
        if items:
            found.append(("ul", items))
    return found


def time_left(seconds: int) -> str:
    """'2 h 5 min', '4 min' or 'less than a minute'."""
    hours, minutes = divmod(seconds // 60, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else "less than a minute"


def when(iso: str | None) -> str:
    """A stored ISO time as 'YYYY-MM-DD HH:MM UTC'."""
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")


def report_scenarios(report: dict[str, Any], bank: Bank) -> list[dict[str, Any]]:
    """Per scenario of the report, in interview order: its title, state and its submissions
    (newest first, the latest of each kind marked); written answers cut into highlighted
    segments, code highlighted."""
    scenarios = []
    for state in report["scenarios"]:
        entry = bank.get(state["scenario_id"])
        submissions = [s for s in report["submissions"]
                       if s["scenario_id"] == state["scenario_id"]]
        newest = {s["kind"]: s["submission_id"] for s in submissions}
        for submission in submissions:
            submission["latest"] = newest[submission["kind"]] == submission["submission_id"]
            detail = submission["result"]["detail"] or {}
            if submission["kind"] == "text" and submission["body"] is not None:
                submission["segments"] = segments(submission["body"], detail)
            elif submission["body"] is not None:
                submission["code_html"] = code_html(submission["body"])
        scenarios.append({
            "state": state,
            "title": entry.scenario.title if entry else state["scenario_id"],
            "submissions": list(reversed(submissions)),
        })
    return scenarios
