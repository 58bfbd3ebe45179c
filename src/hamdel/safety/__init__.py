"""Safety: crisis resources first, and alerts only to confirmed contacts, with a cooldown."""

from hamdel.safety.alerts import AlertDecision, AlertPolicy, ContactRef, alert_message, decide
from hamdel.safety.channels import Channel, ChannelError, SmtpChannel, WebhookChannel
from hamdel.safety.resources import CrisisLine, CrisisResources, crisis_resources

__all__ = [
    "AlertDecision",
    "AlertPolicy",
    "Channel",
    "ChannelError",
    "ContactRef",
    "CrisisLine",
    "CrisisResources",
    "SmtpChannel",
    "WebhookChannel",
    "alert_message",
    "crisis_resources",
    "decide",
]
