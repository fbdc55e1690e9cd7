"""Corroboration: which reports are copies, which mentions are one incident, where they disagree."""

from newsledger.corroborate.model import Incident, Mention

__all__ = ["Incident", "Mention"]
