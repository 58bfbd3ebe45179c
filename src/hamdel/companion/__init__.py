"""The companion: turns observations into an assessment and a reply; warns confirmed contacts."""

from hamdel.companion.alerting import alert_contacts
from hamdel.companion.assessment import Assessment, Signal, fuse
from hamdel.companion.reply import PersonContext, Reply, respond
from hamdel.companion.service import Components, answer_check_in, read_text, text_turn

__all__ = [
    "Assessment",
    "Components",
    "PersonContext",
    "Reply",
    "Signal",
    "alert_contacts",
    "answer_check_in",
    "fuse",
    "read_text",
    "respond",
    "text_turn",
]
