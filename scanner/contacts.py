"""What an email address is, for the inventory, the mailer and the report alike.

sites.csv ``contact`` fields are free text written by people ("Bidang TI: ti@dinkes.go.id;
Pak Budi"). The inventory refuses a contact the mailer would not send to; before, the two had
their own patterns, and an address the inventory accepted (a 70-character local part, a
non-ASCII one) was dropped by the mailer without a word: that contact never heard of their
site's incident.
"""

from __future__ import annotations

import re

ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
"""A plain ``local@domain`` address: ASCII, a dotted domain of valid labels, no display name."""

FIND_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
"""Where an address may sit inside free text (each candidate still goes through ``valid``)."""


def valid_address(address: str) -> bool:
    """Whether ``address`` is a plain ``local@domain`` address (no name, no CR/LF, no comma)."""
    return len(address) <= 254 and ADDRESS.fullmatch(address) is not None


def contact_addresses(contact: str) -> tuple[str, ...]:
    """The valid addresses inside a free-text sites.csv contact, de-duplicated (case-blind)."""
    found: list[str] = []
    for match in FIND_ADDRESS.findall(contact):
        address = match.strip(".'")
        if valid_address(address) and address.lower() not in (a.lower() for a in found):
            found.append(address)
    return tuple(found)
