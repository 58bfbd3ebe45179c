"""The companion: turns observations into an assessment and a reply; warns confirmed contacts."""

from hamdel.companion.alerting import alert_contacts

__all__ = ["alert_contacts"]
