"""The invitation a trusted contact receives: who asked, what it means, the one-time link.

Used by the contacts page and by ``POST /api/contacts``. The message says what being a trusted
contact means (a short warning if the person may need support) and that nothing else is shared.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlencode

from hamdel.safety.channels import Channel, ChannelError

CONFIRM_PATH = "/contacts/confirm"

INVITATION_TEXT = {
    "en": (
        "{name} would like you as a trusted contact on hamdel",
        "Hello {contact},\n\n"
        "{name} uses hamdel, a wellbeing companion, and would like you to be one of their "
        "trusted contacts.\n\n"
        "What this means: if hamdel notices that {name} may be going through a hard time and may "
        "need support, it may send you a short message so that you can reach out. Nothing else is "
        "shared with you: not what {name} writes, says or feels.\n\n"
        "If you agree, open this link and press the button (it works once):\n{link}\n\n"
        "If you do not want this, ignore this e-mail: nothing happens.\n\n"
        "hamdel is not a medical service. If you think {name} is in danger, contact local "
        "emergency services.\n",
    ),
    "fa": (
        "{name} می‌خواهد در همدل فرد مورد اعتمادش باشید",
        "سلام {contact}،\n\n"
        "{name} از همدل، همراهی برای حال خوب، استفاده می‌کند و دوست دارد شما یکی از افراد مورد "
        "اعتمادش باشید.\n\n"
        "یعنی چه؟ اگر همدل متوجه شود که {name} ممکن است روزهای سختی را بگذراند و به حمایت نیاز "
        "داشته باشد، شاید پیام کوتاهی برایتان بفرستد تا سراغش را بگیرید. هیچ چیز دیگری با شما در "
        "میان گذاشته نمی‌شود: نه نوشته‌ها و حرف‌هایش و نه حال‌وهوایش.\n\n"
        "اگر موافقید، این پیوند را باز کنید و دکمه را بزنید (فقط یک بار کار می‌کند):\n{link}\n\n"
        "اگر نمی‌خواهید، این ایمیل را نادیده بگیرید؛ اتفاقی نمی‌افتد.\n\n"
        "همدل خدمت پزشکی نیست. اگر فکر می‌کنید {name} در خطر است، با اورژانس تماس بگیرید.\n",
    ),
}


logger = logging.getLogger(__name__)
NOT_DELIVERED = "could not be delivered; check the address, or try again later"


def confirm_link(base_url: str, token: str) -> str:
    """``<base url>/contacts/confirm?token=…``: the page the contact opens (no account needed)."""
    return f"{base_url.rstrip('/')}{CONFIRM_PATH}?{urlencode({'token': token})}"


def invitation_message(
    *, language: str, person_name: str, contact_name: str, link: str
) -> tuple[str, str]:
    """Subject and body, in the person's language."""
    subject, body = INVITATION_TEXT["fa" if language == "fa" else "en"]
    return (
        subject.format(name=person_name),
        body.format(name=person_name, contact=contact_name, link=link),
    )


def send_invitation(
    channels: Mapping[str, Channel],
    *,
    address: str,
    language: str,
    person_name: str,
    contact_name: str,
    link: str,
) -> tuple[bool, str | None]:
    """E-mail the invitation when SMTP is configured.

    Returns ``(sent, error)``: ``(False, None)`` when there is no e-mail channel, ``(False,
    reason)`` when sending failed (never raised: the contact exists, the link still works).
    """
    channel = channels.get("email")
    if channel is None:
        return False, None
    subject, body = invitation_message(
        language=language, person_name=person_name, contact_name=contact_name, link=link
    )
    try:
        channel.send(address=address, subject=subject, body=body)
    except ChannelError as exc:  # the person sees a plain reason; the detail goes to the log
        logger.warning("invitation not sent", extra={"fields": {"why": str(exc)[:300]}})
        return False, NOT_DELIVERED
    return True, None


__all__ = [
    "CONFIRM_PATH",
    "INVITATION_TEXT",
    "confirm_link",
    "invitation_message",
    "send_invitation",
]
