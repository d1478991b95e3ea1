"""Decorum: moderation for public libraries' live "ask a librarian" chat."""

__version__ = "0.1.0"
