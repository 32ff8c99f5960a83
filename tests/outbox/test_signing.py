"""Grader-Signature: made by the sender, checked by service.outbox.signing.verify."""

from __future__ import annotations

import hashlib
import hmac
import time

from service.outbox import signing

SECRET = "whsec_test"
BODY = b'{"id": "d1", "type": "interview.completed"}'


def test_a_signature_verifies_with_the_same_secret_and_body():
    header = signing.sign(SECRET, BODY)
    assert header.startswith("t=") and ",v1=" in header
    assert signing.verify(SECRET, header, BODY)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert signing.sign(SECRET, BODY, timestamp=1_700_000_000) == f"t=1700000000,v1={expected}"


def test_a_changed_body_or_another_secret_fails():
    header = signing.sign(SECRET, BODY)
    assert not signing.verify(SECRET, header, BODY + b" ")
    assert not signing.verify("whsec_other", header, BODY)


def test_an_old_signature_is_refused_outside_the_tolerance():
    header = signing.sign(SECRET, BODY, timestamp=int(time.time()) - 600)
    assert not signing.verify(SECRET, header, BODY, tolerance=300)
    assert signing.verify(SECRET, header, BODY, tolerance=900)


def test_malformed_headers_are_refused():
    valid = signing.sign(SECRET, BODY)
    timestamp, mac = valid.split(",")
    for header in ("", "garbage", timestamp, mac, f"t=abc,{mac}", f"{timestamp},{timestamp},{mac}"):
        assert not signing.verify(SECRET, header, BODY), header
