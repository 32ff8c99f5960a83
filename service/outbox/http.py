"""The HTTP call of the webhook and Greenhouse channels: no redirects, a timeout, 2xx or raise."""

from __future__ import annotations

from typing import Any

import requests

USER_AGENT = "interview-grader"


class Refused(Exception):
    """The receiver answered with a status other than 2xx."""


def call(method: str, url: str, timeout: float, **kwargs: Any) -> None:
    """Send the request; raises Refused on a non-2xx answer (redirects are not followed) and
    requests' errors when the receiver cannot be reached in time."""
    headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
    response = requests.request(
        method, url, headers=headers, timeout=timeout, allow_redirects=False, **kwargs
    )
    if not 200 <= response.status_code < 300:
        raise Refused(f"{method} {url} answered {response.status_code}: {response.text[:200]}")
