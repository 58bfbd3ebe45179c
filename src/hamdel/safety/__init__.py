"""Safety: crisis resources first; alerts only to contacts who agreed, by severity; delivery
through Apprise."""

from hamdel.safety.alerts import (
    ATTEMPT,
    CRISIS,
    DEPRESSION,
    AlertDecision,
    AlertPolicy,
    ContactRef,
    PastAlert,
    decide,
)
from hamdel.safety.delivery import DeliveryError, Outgoing, Sender, Smtp, address_problem
from hamdel.safety.messages import ContactMessage, alert_message, invitation_message
from hamdel.safety.resources import CrisisLine, CrisisResources, countries, crisis_resources

__all__ = [
    "ATTEMPT",
    "CRISIS",
    "DEPRESSION",
    "AlertDecision",
    "AlertPolicy",
    "ContactMessage",
    "ContactRef",
    "CrisisLine",
    "CrisisResources",
    "DeliveryError",
    "Outgoing",
    "PastAlert",
    "Sender",
    "Smtp",
    "address_problem",
    "alert_message",
    "countries",
    "crisis_resources",
    "decide",
    "invitation_message",
]
