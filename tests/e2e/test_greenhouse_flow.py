"""End to end over real HTTP against `grader serve`: a portal plays Greenhouse, a candidate
answers one written and one code scenario through the e-mailed invite, the server restarts
between completion and delivery, and the PATCH and a signed webhook still arrive."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time

import pytest
import requests
import yaml

from service.settings import PROJECT_ROOT
from tests.e2e.listeners import grader, smtp_server, start_serve
from tests.listeners import http_listener

pytestmark = pytest.mark.sandbox

WRITTEN, CODE = "kafka-schema-evolution", "stateful-streaming-alerts"


def _rubric(scenario_id: str) -> dict:
    return yaml.safe_load((PROJECT_ROOT / "rubrics" / f"{scenario_id}.yaml").read_text())


def _verify_signature(secret: str, header: str, body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


def _poll(url: str, headers: dict, until, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = requests.get(url, headers=headers, timeout=10).json()
        if until(body):
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never reached the state: {body}")


def test_greenhouse_send_test_to_patch_survives_a_restart(database_url, tmp_path):
    with http_listener() as listener, smtp_server() as (smtp_port, mailbox):
        env = {
            "GRADER_DATABASE_URL": database_url,
            "GRADER_SECRET_KEY": "e2e-secret",
            "GRADER_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "GRADER_BACKGROUND_INTERVAL_SECONDS": "0.5",
            "GRADER_DELIVERY_BACKOFF_SECONDS": "1",
        }
        org = grader(env, "orgs", "create", "E2E Corp").strip()
        key = grader(env, "keys", "create", "--org", org, "--role", "portal").strip()
        assessment = grader(env, "assessments", "create", "--org", org, "--name", "Data eng",
                            WRITTEN, CODE).strip()
        server = start_serve(env)
        base, basic = server.base, (key, "")
        bearer = {"Authorization": f"Bearer {key}"}
        env["GRADER_PUBLIC_URL"] = base
        listener.failing = {"/gh/", "/hook"}  # the portal is down until the restart
        try:
            hook = requests.post(f"{base}/api/v1/webhooks", headers=bearer, timeout=10, json={
                "url": f"{listener.url}/hook", "events": ["interview.completed"]}).json()

            tests = requests.get(f"{base}/partners/greenhouse/list_tests", auth=basic,
                                 timeout=10).json()
            assert {"partner_test_id": assessment, "partner_test_name": "Data eng"} in tests
            sent = requests.post(f"{base}/partners/greenhouse/send_test", auth=basic, timeout=10,
                                 json={
                "partner_test_id": assessment,
                "candidate": {"first_name": "Ada", "last_name": "Lovelace",
                              "email": "ada@example.com",
                              "greenhouse_profile_url": "https://gh.example/people/1"},
                "sent_by": "recruiter@example.com", "url": f"{listener.url}/gh/1",
            })
            assert sent.status_code == 200, sent.text
            interview_id = sent.json()["partner_interview_id"]

            deadline = time.monotonic() + 30
            while not mailbox and time.monotonic() < deadline:
                time.sleep(0.2)
            token = _invite_token(mailbox)
            candidate = {"Authorization": f"Bearer {token}"}

            written = requests.post(f"{base}/api/v1/candidate/interview/answers", timeout=30,
                                    headers=candidate, json={
                "scenario_id": WRITTEN, "text": _rubric(WRITTEN)["reference_answer"]})
            assert written.status_code == 201, written.text
            assert written.json()["feedback"]["passed"] is True
            code = requests.post(f"{base}/api/v1/candidate/interview/answers", timeout=30,
                                 headers=candidate, json={
                "scenario_id": CODE, "code": _rubric(CODE)["code"]["reference_solution"]})
            assert code.status_code == 202, code.text
            graded = _poll(base + code.headers["Location"], candidate,
                           lambda body: body["status"] == "done")
            assert graded["result"]["verdict"] == "accepted"
            done = requests.post(f"{base}/api/v1/candidate/interview/complete", timeout=10,
                                 headers=candidate)
            assert done.status_code == 200, done.text
        finally:
            server.stop()
        listener.failing = set()
        server = start_serve(env)
        try:
            patch = listener.wait_for("PATCH", "/gh/1", status=200)
            assert patch.body == b""
            assert patch.headers["Authorization"].startswith("Basic ")
            webhook = listener.wait_for("POST", "/hook", status=200)
            assert _verify_signature(hook["secret"], webhook.headers["Grader-Signature"],
                                     webhook.body)
            event = json.loads(webhook.body)
            assert event["type"] == "interview.completed"

            status = requests.get(f"{server.base}/partners/greenhouse/test_status", auth=basic,
                                  params={"partner_interview_id": interview_id},
                                  timeout=10).json()
            assert status["partner_status"] == "complete"
            assert status["partner_score"] == pytest.approx(100, abs=0.01)
            assert status["partner_profile_url"].endswith(f"/reports/{interview_id}")
            assert all(not isinstance(v, dict | list) for v in status["metadata"].values())
        finally:
            server.stop()


def _invite_token(mailbox) -> str:
    assert mailbox, "the invite e-mail never arrived"
    message = mailbox[0]
    parts = {part.get_content_type(): part.get_payload(decode=True).decode()
             for part in message.walk() if not part.is_multipart()}
    urls = {kind: re.search(r"/i/(gi_[A-Za-z0-9_-]+)", text) for kind, text in parts.items()}
    assert urls["text/plain"] and urls["text/html"]
    assert urls["text/plain"].group(1) == urls["text/html"].group(1)
    return urls["text/plain"].group(1)
