"""Corpus label maps onto the six emotion classes: ``speech`` (voice corpora) and ``text``.

Each map is one table; a label that does not map is skipped and counted, never guessed.
"""
