"""Ids that come from outside (a form, rich text, a hand-made post): only ASCII digits
that fit a database id name a row. Python's isdigit() takes "²", which int() and the
database refuse, and SQLite overflows past 2**63: each was a 500."""

MAX_ID_DIGITS = 18  # every 18-digit number fits a 64-bit id


def is_row_id(text):
    text = str(text)
    return text.isascii() and text.isdigit() and 0 < len(text) <= MAX_ID_DIGITS
