"""The HTTP call of the webhook and Greenhouse channels: no redirects, a timeout, 2xx or raise,
and only to the addresses `GRADER_DELIVERY_TARGETS` allows.

The receiver's URL comes from a customer (a registered webhook, Greenhouse's callback), so the
service must not be made to call its own network. requests-hardened resolves the host once,
checks that address and connects to that very address (no second lookup a rebinding DNS
server could answer differently)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress, get_ip_address

from service.outbox.errors import Undeliverable

USER_AGENT = "interview-grader"
SETTING = "GRADER_DELIVERY_TARGETS"


class Refused(Exception):
    """The receiver answered with a status other than 2xx."""


def _session(targets: str) -> HTTPSession:
    return HTTPSession(Config(
        ip_filter_enable=targets != "any",
        ip_filter_allow_loopback_ips=targets == "loopback",
        never_redirect=True,
        default_timeout=None,
    ))


def call(method: str, url: str, timeout: float, targets: str, **kwargs: Any) -> None:
    """Send the request; raises Refused on a non-2xx answer (redirects are not followed),
    Undeliverable when the host is at an address `targets` forbids (retrying cannot help),
    and requests' errors when the receiver cannot be reached in time."""
    headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
    with _session(targets) as session:
        try:
            response = session.request(method, url, headers=headers, timeout=timeout,
                                       allow_redirects=False, **kwargs)
        except InvalidIPAddress as exc:
            raise Undeliverable(_refusal(urlsplit(url).hostname or "", str(exc), targets)) from None
    if not 200 <= response.status_code < 300:
        raise Refused(f"{method} {url} answered {response.status_code}: {response.text[:200]}")


def forbidden_target(url: str, targets: str) -> str | None:
    """Why a delivery to `url` could never be made under `targets`, judged without a DNS query:
    its host is an IP address or a localhost name at an address `targets` forbids. None when
    allowed or when only a lookup at delivery time can tell (every delivery checks again)."""
    if targets == "any":
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    if not (_is_ip(host) or host == "localhost" or host.endswith(".localhost")):
        return None
    try:
        get_ip_address(host, 0, allow_loopback=targets == "loopback")
    except InvalidIPAddress as exc:
        return _refusal(host, str(exc), targets)
    except (socket.gaierror, UnicodeError):
        return f"{host} has no address"
    return None


def _refusal(host: str, address: str, targets: str) -> str:
    where = address if host.strip("[]") == address else f"{host} (at {address})"
    return f"{where} is an address deliveries may not reach ({SETTING}={targets})"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
