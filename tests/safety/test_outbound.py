"""Outbound requests reach the public internet only: a contact's address cannot be used to
probe this machine or its network, and what the person sees of a failed delivery is plain."""

from __future__ import annotations

import socket
import threading

import pytest

from hamdel.core.errors import InputError
from hamdel.safety import DeliveryError, Outgoing, Sender, address_problem
from hamdel.safety.outbound import check_url

PRIVATE = [
    "https://127.0.0.1/hook",
    "https://localhost:8443/x",
    "https://10.1.2.3/x",
    "https://192.168.1.20/x",
    "https://172.16.0.9/x",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://0.0.0.0/x",
    "https://router.local/x",
]


@pytest.mark.parametrize("url", PRIVATE)
def test_loopback_private_and_link_local_are_refused(url: str) -> None:
    with pytest.raises(InputError):
        check_url(url)
    assert check_url(url, allow_private=True)  # a gateway on your own network, by setting


def test_public_literals_pass_and_plain_http_never_does() -> None:
    assert check_url("https://93.184.216.34/hook", resolve=False) == "93.184.216.34"
    with pytest.raises(InputError):
        check_url("http://93.184.216.34/hook", resolve=False)


def test_a_name_that_resolves_to_loopback_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(host, port, *a, **k):  # type: ignore[no-untyped-def]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(InputError):
        check_url("https://innocent.example.org/hook")


def test_the_webhook_never_connects_to_a_private_port() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    t = threading.Thread(target=lambda: accepted.append(_accept(listener)))
    t.start()
    with pytest.raises(DeliveryError):
        Sender().send("webhook", f"https://127.0.0.1:{port}/x", Outgoing("s", "b", "k"))
    with pytest.raises(DeliveryError):  # an Apprise address names a host the same way
        Sender().send("apprise", f"json://127.0.0.1:{port}/x", Outgoing("s", "b", "k"))
    t.join()
    listener.close()
    assert accepted == [None]  # nothing knocked


@pytest.mark.parametrize(
    ("channel", "address", "ok"),
    [
        ("email", "sam@example.org", True),
        ("email", "not an address", False),
        ("phone", "+44 7700 900123", True),
        ("phone", "07700 900123", False),
        ("apprise", "tgram://123456:ABCdef/987654", True),
        ("apprise", "ntfys://ntfy.sh/my-topic", True),
        ("apprise", "json://10.0.0.5/hook", False),
        ("apprise", "windows://", False),  # a desktop notification is not a contact
        ("apprise", "file:///etc/passwd", False),
        ("webhook", "https://hooks.example.org/x", True),
        ("webhook", "http://hooks.example.org/x", False),
        ("pigeon", "x", False),
    ],
)
def test_contact_addresses_by_channel(channel: str, address: str, ok: bool) -> None:
    assert (address_problem(channel, address) is None) == ok


def test_a_channel_that_is_not_set_up_is_a_problem_not_a_silent_failure() -> None:
    assert "HAMDEL_SMTP_HOST" in (Sender().problem("email", "sam@example.org") or "")
    assert "HAMDEL_SMS_GATEWAY" in (Sender().problem("phone", "+447700900123") or "")


def _accept(listener: socket.socket) -> object:
    try:
        return listener.accept()
    except TimeoutError:
        return None
