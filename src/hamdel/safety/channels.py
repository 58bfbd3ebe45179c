"""Ways to reach a contact: e-mail over SMTP, or an HTTPS webhook. Each raises ChannelError."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from hamdel.core.errors import HamdelError, InputError
from hamdel.safety.outbound import check_url


class ChannelError(HamdelError):
    """A message could not be delivered (the reason is logged with the alert)."""


class Channel(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, *, address: str, subject: str, body: str) -> None: ...


@dataclass(frozen=True)
class SmtpChannel:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout_s: float = 15.0
    name: str = "email"

    def send(self, *, address: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, address, subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user and self.password:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(f"e-mail not sent: {type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class WebhookChannel:
    timeout_s: float = 10.0
    name: str = "webhook"
    allow_private: bool = False
    """Send to loopback and private networks too (``HAMDEL_OUTBOUND_ALLOW_PRIVATE``)."""

    def send(self, *, address: str, subject: str, body: str) -> None:
        try:
            check_url(address, allow_private=self.allow_private)
        except InputError as exc:
            raise ChannelError(f"webhook refused: {exc}") from exc
        data = json.dumps({"subject": subject, "text": body}).encode()
        request = urllib.request.Request(
            address, data=data, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                if response.status >= 300:
                    raise ChannelError(f"webhook answered {response.status}")
        except OSError as exc:
            raise ChannelError(f"webhook not reached: {exc}") from exc


__all__ = ["Channel", "ChannelError", "SmtpChannel", "WebhookChannel"]
