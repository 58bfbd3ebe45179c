"""Perception: each signal (voice, text, heart) becomes an observation.

Knows nothing of storage or the web.
"""
