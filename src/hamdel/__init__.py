"""hamdel (همدل, "of one heart"): an offline-first, emotion-aware mental-health companion.

hamdel is not a therapist and does not diagnose. It listens, reads and responds with
coping suggestions, and in a crisis it points to people who can help.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
