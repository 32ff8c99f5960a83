"""End to end in headless Chromium: a candidate answers through the invite page, an interviewer
reads the report, overrides a score and is kept to their organisation; accessibility (axe-core),
console errors and screenshots on every page.

These run on SQLite only: each test starts Chromium and runs code in the sandbox, and a second
run on PostgreSQL would double that; the rules under the pages (accounts, CSRF, roles,
organisations, overrides, the candidate flow) are tested on both databases in the other
tests of this folder.
"""

from __future__ import annotations

import re
import time

import pytest
from sqlmodel import Session

from service import create_app
from service.interviews import flow
from service.interviews.report import interview_report
from service.settings import Settings
from service.store import migrate
from service.store.keys import Principal
from service.store.models import Interview
from tests.conftest import make_tenant
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    SCREENSHOTS,
    ConsoleErrors,
    screenshots,
    serious_violations,
    served,
)
from tests.web.conftest import ANSWER, BOTH, PASSWORD, WRITTEN, add_user, new_interview

pytestmark = [pytest.mark.browser, pytest.mark.sandbox]
CODE_WAIT_MS = 120_000


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The real app on SQLite with the shipped content and the sandbox pool."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'grader.db'}"
    migrate.upgrade(url)
    app = create_app(Settings(database_url=url))
    yield app
    app.extensions["grader.services"].runner.shutdown()
    app.extensions["grader.db"].dispose()


@pytest.fixture(scope="module")
def site(live):
    """The base URL the app is served at."""
    with served(live) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (own cookies) with its console watched."""
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.console = ConsoleErrors(ctx)
    yield ctx
    ctx.close()


def _word(term: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(term.lower()) + r"(?!\w)")


def _strings(value) -> list[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _wait_graded(app, interview_id: str) -> None:
    services = app.extensions["grader.services"]
    deadline = time.monotonic() + CODE_WAIT_MS / 1000
    while time.monotonic() < deadline:
        with Session(services.db) as session:
            interview = session.get(Interview, interview_id)
            report = interview_report(session, services, interview)
        if all(s["result"]["status"] != "pending" for s in report["submissions"]):
            return
        time.sleep(0.5)
    raise AssertionError("the code answer was not graded in time")


def test_candidate_answers_in_the_browser_and_never_sees_the_rubric(live, site, context):
    from playwright.sync_api import expect

    bank = live.extensions["grader.bank"]
    written, both = bank.get(WRITTEN), bank.get(BOTH)
    org = make_tenant(live, "Candidate org")
    interview_id, token = new_interview(live, org.org_id, [WRITTEN, BOTH])
    page = context.new_page()
    page.goto(f"{site}/i/{token}")
    expect(page.get_by_role("heading", name="Your interview")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ h \d+ min left"))).to_be_visible()
    titles = page.locator("section.scenario h2").all_inner_texts()
    assert titles == [f"1. {written.scenario.title}", f"2. {both.scenario.title}"]

    page.get_by_label(f"Answer to “{written.scenario.title}”").fill(ANSWER)
    page.locator(f"#scenario-{WRITTEN}").get_by_role("button", name="Send written answer").click()
    feedback = page.locator(f"#scenario-{WRITTEN} .feedback")
    expect(feedback).to_contain_text("Feedback on your latest written answer")
    expect(feedback.locator(".band")).to_have_text(re.compile("strong|pass|partial|weak"))

    code_box = page.get_by_label(f"Your code for “{both.scenario.title}” (Python, PySpark)")
    assert code_box.input_value() == both.scenario.code.starter_code
    code_box.fill(both.rubric.code.reference_solution)
    page.locator(f"#scenario-{BOTH}").get_by_role("button", name="Run and send code").click()
    verdict = page.locator(f"#scenario-{BOTH} .feedback .verdict")
    expect(verdict).to_have_text("accepted", timeout=CODE_WAIT_MS)
    results = page.locator(f"#scenario-{BOTH} .feedback table.tests").inner_text()
    for example in both.scenario.code.examples:
        assert example.name in results

    shown = page.inner_text("body").lower()
    public = _strings(written.scenario.model_dump(mode="json"))
    public += _strings(both.scenario.model_dump(mode="json"))
    allowed = " ".join([ANSWER, both.rubric.code.reference_solution, *public]).lower()
    for entry in (written, both):
        for criterion in entry.rubric.criteria:
            assert criterion.expected.lower() not in shown
            for concept in criterion.concepts:
                for term in (concept.term, *concept.aliases):
                    if _word(term).search(shown):
                        assert _word(term).search(allowed), f"rubric term '{term}' shown"
        for misconception in entry.rubric.misconceptions:
            assert misconception.statement.lower() not in shown
        assert entry.rubric.reference_answer.lower()[:80] not in shown

    assert serious_violations(page) == []
    screenshots(page, "candidate")

    page.get_by_role("button", name="Finish the interview").click()
    expect(page.get_by_text("your interview is finished")).to_be_visible()
    expect(page.get_by_role("button", name="Send written answer")).to_have_count(0)
    with Session(live.extensions["grader.db"]) as session:
        assert session.get(Interview, interview_id).status == "completed"
    assert context.console.errors == []


def _finished_interview(app, org_id: str) -> tuple[str, str, str]:
    """A completed interview with a written answer and a wrong code answer; (interview id,
    written result id, code result id)."""
    services = app.extensions["grader.services"]
    entry = services.bank.get(BOTH)
    interview_id, _ = new_interview(app, org_id, [WRITTEN, BOTH])
    candidate = Principal(org_id=org_id, role="candidate", interview_id=interview_id)
    _, written = flow.submit_text(services, candidate, WRITTEN, ANSWER)
    wrong = entry.rubric.code.reference_solution.replace("price * 1.2", "price * 1.1")
    _, code = flow.submit_code(services, candidate, BOTH, wrong)
    _wait_graded(app, interview_id)
    flow.complete(services, candidate, interview_id)
    return interview_id, written.id, code.id


def _sign_in_by_keyboard(page, email: str) -> None:
    page.get_by_label("E-mail").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_interviewer_reads_the_report_and_overrides_a_score(live, site, context, browser):
    from playwright.sync_api import expect

    org = make_tenant(live, "Report org")
    ivy = add_user(live, org.org_id, "ivy@report.example")
    interview_id, written_id, code_id = _finished_interview(live, org.org_id)
    report_url = f"{site}/reports/{interview_id}"

    page = context.new_page()
    page.goto(report_url)
    expect(page).to_have_url(re.compile(r"/login\?next="))  # sign-in required
    _sign_in_by_keyboard(page, ivy.email)
    expect(page).to_have_url(report_url)

    services = live.extensions["grader.services"]
    with Session(services.db) as session:
        report = interview_report(session, services, session.get(Interview, interview_id))
    written = next(s for s in report["submissions"] if s["result"]["id"] == written_id)
    spans = {}
    for criterion in written["result"]["detail"]["criteria"]:
        for evidence in criterion["matched"] + criterion["negated"]:
            spans[(evidence["start"], evidence["end"])] = evidence["text"]
    for hit in written["result"]["detail"]["misconceptions"]:
        for evidence in hit["evidence"]:
            spans[(evidence["start"], evidence["end"])] = evidence["text"]
    marks = page.locator(f"#result-{written_id} .answer mark.ev")
    assert marks.count() > 0
    shown = {}
    for index in range(marks.count()):
        mark = marks.nth(index)
        key = (int(mark.get_attribute("data-start")), int(mark.get_attribute("data-end")))
        shown[key] = mark.inner_text()
    assert all(spans.get(key) == text for key, text in shown.items())
    alone = [k for k in spans if not any(o != k and o[0] < k[1] and k[0] < o[1] for o in spans)]
    assert all(key in shown for key in alone)
    first = marks.first
    first.focus()
    tip = first.evaluate("m => getComputedStyle(m, '::after').content")
    assert "match" in tip and first.get_attribute("data-criterion") in tip

    code = page.locator(f"#result-{code_id}")
    expect(code.locator(".verdict")).to_have_text("wrong answer")
    expect(code.locator("pre.diff").first).to_be_visible()
    assert code.locator(".code span[style]").count() > 5  # Pygments colours
    assert serious_violations(page) == []
    screenshots(page, "report")

    form = page.locator(f"#result-{written_id} form.override")
    form.get_by_label("Score (0-100)").fill("55")
    form.get_by_label("Reason").fill("Explains alerting well in the call notes.")
    form.get_by_role("button", name="Save override").click()
    article = page.locator(f"#result-{written_id}")
    expect(article.locator(".reviewed-score")).to_have_text("55")
    expect(article.locator(".reviews")).to_contain_text("Explains alerting well")
    automatic = f"Automatic score {written['result']['score']:g}"
    expect(article.locator(".scoring")).to_contain_text(automatic)
    audit = page.locator("section.audit")
    expect(audit).to_contain_text("result.reviewed")
    expect(audit).to_contain_text(f"user:{ivy.user_id}")

    page.emulate_media(media="print")  # the print stylesheet: no navigation, no forms
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("form.override").first).to_be_hidden()
    expect(page.locator(".answer mark.ev").first).to_be_visible()
    pdf = page.pdf(path=str(SCREENSHOTS / "report.pdf"))
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    page.goto(f"{site}/interviews")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="Casey Candidate")).to_be_visible()
    assert serious_violations(page) == []
    screenshots(page, "interviews")

    page.goto(f"{site}/analytics/{WRITTEN}")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert serious_violations(page) == []
    screenshots(page, "analytics")
    assert context.console.errors == []

    outsider_org = make_tenant(live, "Outsider org")
    olaf = add_user(live, outsider_org.org_id, "olaf@outsider.example")
    other = browser.new_context(viewport=DESKTOP)
    try:
        other_page = other.new_page()
        other_page.goto(f"{site}/login")
        _sign_in_by_keyboard(other_page, olaf.email)
        expect(other_page).to_have_url(f"{site}/interviews")
        response = other_page.goto(report_url)
        assert response.status == 404
        assert "Casey" not in other_page.inner_text("body")
    finally:
        other.close()


def test_sign_in_form_stripped_of_its_csrf_token_is_refused(live, site, context):
    from playwright.sync_api import expect

    org = make_tenant(live, "CSRF org")
    add_user(live, org.org_id, "cleo@csrf.example")
    page = context.new_page()
    page.goto(f"{site}/login")
    assert serious_violations(page) == []
    screenshots(page, "login")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_label("E-mail").fill("cleo@csrf.example")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    assert navigation.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("The CSRF token is missing")
    page.goto(f"{site}/interviews")
    expect(page).to_have_url(re.compile(r"/login"))
