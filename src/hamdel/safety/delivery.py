"""Deliver a message to a contact through Apprise (e-mail, SMS gateways, Telegram, Signal,
Matrix, ntfy, webhooks).

A contact's address is one of:

- ``email``: an e-mail address, sent through the configured SMTP server (``HAMDEL_SMTP_*``);
- ``phone``: a phone number in international form (``+44...``), sent through the configured
  SMS gateway (``HAMDEL_SMS_GATEWAY``: an Apprise URL with ``{phone}`` where the number goes,
  e.g. a self-hosted Android SMS gateway ``json://gateway.lan:8080/send?:to={phone}``);
- ``apprise``: an Apprise URL of the contact's own channel (``tgram://``, ``signals://``,
  ``matrixs://``, ``ntfys://``, ``mailtos://`` ...);
- ``webhook``: an ``https://`` URL that receives a JSON post (sent as Apprise ``jsons://``).

An address on loopback, link-local or a private network is refused unless
``HAMDEL_OUTBOUND_ALLOW_PRIVATE`` (the SMTP server and SMS gateway are the operator's, and
trusted). Every message carries ``X-Hamdel-Key``, the delivery's key, so that a receiver can
drop the copy a retry may send after a worker was killed mid-send.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import apprise

from hamdel.core.errors import HamdelError, InputError
from hamdel.safety.outbound import check_url

logger = logging.getLogger(__name__)

CHANNELS = ("email", "phone", "apprise", "webhook")
APPRISE_SCHEMES = {
    # scheme: the host is a server of the contact's choosing (checked like a webhook's)
    "json": True, "jsons": True, "form": True, "forms": True, "xml": True, "xmls": True,
    "ntfy": True, "ntfys": True, "matrix": True, "matrixs": True, "signal": True,
    "signals": True, "mailto": True, "mailtos": True, "gotify": True, "gotifys": True,
    # the host is a token or an account on a fixed public service
    "tgram": False, "discord": False, "slack": False, "pover": False, "whatsapp": False,
}  # fmt: skip
"""The Apprise services a contact may name: messaging services only (no desktop, file or
system notifications)."""
ATTACHING = frozenset({"email", "mailto", "mailtos", "tgram", "signal", "signals"})
"""Channels that take the spoken alert as an attachment."""
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DeliveryError(HamdelError):
    """A message could not be delivered (the detail is logged, never shown to the person)."""


@dataclass(frozen=True)
class Outgoing:
    subject: str
    body: str
    key: str
    attachment: Path | None = None


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = True


def _scheme(channel: str, address: str) -> str:
    if channel == "apprise":
        return urlsplit(address.strip()).scheme.lower()
    return {"email": "email", "phone": "phone", "webhook": "jsons"}.get(channel, channel)


def address_problem(channel: str, address: str, *, allow_private: bool = False) -> str | None:
    """Why ``address`` cannot be a ``channel`` contact (a plain sentence), or None. Names are
    not resolved here: they may not resolve yet; delivery checks again."""
    address = address.strip()
    if channel == "email":
        return None if EMAIL.match(address) else "an e-mail contact needs a valid e-mail address"
    if channel == "phone":
        return (
            None
            if PHONE.match(address.replace(" ", "").replace("-", ""))
            else "a phone contact needs the number in international form, e.g. +44 7700 900123"
        )
    if channel == "webhook":
        try:
            check_url(address, allow_private=allow_private, resolve=False)
        except InputError:
            return "a webhook contact needs an https:// address on the public internet"
        return None
    if channel == "apprise":
        scheme = _scheme(channel, address)
        if scheme not in APPRISE_SCHEMES or apprise.Apprise.instantiate(address) is None:
            return "this is not an Apprise address of a messaging service hamdel can use"
        if APPRISE_SCHEMES[scheme]:
            try:
                check_url(address, allow_private=allow_private, resolve=False, schemes=(scheme,))
            except InputError:
                return "the address points at this machine or a private network"
        return None
    return f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}"


@dataclass(frozen=True)
class Sender:
    """Sends through Apprise. ``smtp`` and ``sms_gateway`` None: that channel is not set up."""

    smtp: Smtp | None = None
    sms_gateway: str | None = None
    allow_private: bool = False
    timeout_s: float = 15.0

    def problem_kind(self, channel: str, address: str) -> str | None:
        """Which kind of problem keeps this contact from being reached: "no_email", "no_sms",
        "address" (a refused address), or None."""
        if channel == "email" and self.smtp is None:
            return "no_email"
        if channel == "phone" and not self.sms_gateway:
            return "no_sms"
        if address_problem(channel, address, allow_private=self.allow_private) is not None:
            return "address"
        return None

    def problem(self, channel: str, address: str) -> str | None:
        """Why this contact cannot be reached now (not set up, or a bad address), or None."""
        kind = self.problem_kind(channel, address)
        if kind == "no_email":
            return "e-mail is not set up on this server (HAMDEL_SMTP_HOST)"
        if kind == "no_sms":
            return "no SMS gateway is set up on this server (HAMDEL_SMS_GATEWAY)"
        return address_problem(channel, address, allow_private=self.allow_private)

    def can_attach(self, channel: str, address: str) -> bool:
        return _scheme(channel, address) in ATTACHING

    def url(self, channel: str, address: str, key: str) -> str:
        """The Apprise URL for this contact (secrets inside: never logged)."""
        address = address.strip()
        header = f"+X-Hamdel-Key={quote(key)}"
        if channel == "email":
            if self.smtp is None:
                raise DeliveryError("e-mail is not set up")
            s = self.smtp
            auth = f"{quote(s.user, safe='')}:{quote(s.password or '', safe='')}@" if s.user else ""
            mode = "starttls" if s.starttls else "insecure"
            return (
                f"mailto://{auth}{s.host}:{s.port}?smtp={quote(s.host)}&mode={mode}"
                f"&from={quote(s.sender)}&to={quote(address)}&{header}"
            )
        if channel == "phone":
            if not self.sms_gateway:
                raise DeliveryError("no SMS gateway is set up")
            number = address.replace(" ", "").replace("-", "")
            url = self.sms_gateway.replace("{phone}", quote(number))
            return f"{url}{'&' if '?' in url else '?'}{header}"
        if channel == "webhook":
            parts = urlsplit(address)
            url = "jsons://" + address[len(parts.scheme) + 3 :]
            return f"{url}{'&' if '?' in url else '?'}{header}"
        return f"{address}{'&' if '?' in address else '?'}{header}"

    def send(self, channel: str, address: str, message: Outgoing) -> None:
        """Deliver or raise :class:`DeliveryError` (its text is for the log)."""
        problem = self.problem(channel, address)
        if problem is not None:
            raise DeliveryError(problem)
        scheme = _scheme(channel, address)
        if channel in ("webhook", "apprise") and APPRISE_SCHEMES.get(scheme, False):
            try:  # resolve now: the name may point somewhere private since it was added
                check_url(
                    address,
                    allow_private=self.allow_private,
                    schemes=(scheme,) if channel == "apprise" else ("https",),
                )
            except InputError as exc:
                raise DeliveryError(f"refused: {exc}") from exc
        notifier = apprise.Apprise()
        if not notifier.add(self.url(channel, address, message.key)):
            raise DeliveryError(f"Apprise did not accept the {scheme} address")
        for service in notifier:
            service.socket_connect_timeout = self.timeout_s
            service.socket_read_timeout = self.timeout_s
        attach = None
        if message.attachment is not None and self.can_attach(channel, address):
            attach = apprise.AppriseAttachment(str(message.attachment))
        with apprise.LogCapture(level=apprise.logging.WARNING) as captured:  # type: ignore[no-untyped-call]
            ok = notifier.notify(body=message.body, title=message.subject, attach=attach)
        if not ok:
            detail = captured.getvalue().strip().splitlines()
            raise DeliveryError(f"{scheme}: {detail[-1][:200] if detail else 'not delivered'}")


__all__ = [
    "APPRISE_SCHEMES",
    "CHANNELS",
    "DeliveryError",
    "Outgoing",
    "Sender",
    "Smtp",
    "address_problem",
]
