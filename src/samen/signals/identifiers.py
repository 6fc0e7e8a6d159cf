"""Normalising identifiers so the same phone number, IBAN or plate written differently compares equal.

Soft signals are messy: a value that does not normalise is kept as entered and flagged, never rejected.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from django.utils.translation import gettext_lazy as _

from samen.audit.services import subject_pseudonym

KINDS = ("phone", "iban", "plate", "postcode", "address", "handle", "url", "email", "name")
DEFAULT_REGION = "NL"
MAX_LENGTH = 500

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
_PLATE_CHARS = re.compile(r"[^A-Z0-9]")
# Dutch plate "sidecodes": groups of letters (L) and digits (9), e.g. 99-LL-99, 9-LLL-99, LL-999-L.
_PLATE_SIDECODES = (
    r"[A-Z]{2}\d{2}\d{2}",
    r"\d{2}\d{2}[A-Z]{2}",
    r"\d{2}[A-Z]{2}\d{2}",
    r"[A-Z]{2}\d{2}[A-Z]{2}",
    r"[A-Z]{2}[A-Z]{2}\d{2}",
    r"\d{2}[A-Z]{2}[A-Z]{2}",
    r"\d{2}[A-Z]{3}\d",
    r"\d[A-Z]{3}\d{2}",
    r"[A-Z]{2}\d{3}[A-Z]",
    r"[A-Z]\d{3}[A-Z]{2}",
    r"[A-Z]{3}\d{2}[A-Z]",
    r"[A-Z]\d{2}[A-Z]{3}",
    r"\d[A-Z]{2}\d{3}",
    r"\d{3}[A-Z]{2}\d",
)
_PLATE = re.compile(r"^(?:" + "|".join(_PLATE_SIDECODES) + r")$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HANDLE = re.compile(r"^@?[\w.\-]{1,64}$")


@dataclass(frozen=True)
class Normalised:
    kind: str
    value: str
    normalised: str
    is_valid: bool
    problem: str = ""

    @property
    def digest(self) -> str:
        """Keyed hash of the normalised value: comparable across signals, meaningless without the key."""
        return subject_pseudonym(f"identifier:{self.kind}", self.normalised) if self.is_valid else ""


def fold(text: str) -> str:
    """Case- and accent-folded, whitespace collapsed: 'José  de Vries' and 'jose de vries' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def _flag(kind: str, value: str, problem) -> Normalised:
    return Normalised(kind, value, "", False, str(problem))


def normalise(kind: str, value: str, *, region: str = DEFAULT_REGION) -> Normalised:
    if kind not in KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}")
    value = (value or "").strip()[:MAX_LENGTH]
    if not value:
        return _flag(kind, value, _("empty"))
    result = _NORMALISERS[kind](value, region)
    if len(result.normalised) > MAX_LENGTH:
        # Unicode folding can lengthen text (one ligature becomes many letters): flag it, never store a cut form.
        return _flag(kind, value, _("too long once normalised"))
    return result


def _phone(value: str, region: str) -> Normalised:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return _flag("phone", value, _("not a phone number"))
    if not phonenumbers.is_possible_number(number):
        return _flag("phone", value, _("not a possible phone number"))
    return Normalised("phone", value, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True)


def _iban(value: str, region: str) -> Normalised:
    try:
        return Normalised("iban", value, stdnum_iban.validate(value), True)
    except StdnumError:
        return _flag("iban", value, _("not a valid IBAN"))


def _plate(value: str, region: str) -> Normalised:
    compact = _PLATE_CHARS.sub("", value.upper())
    if not _PLATE.match(compact):
        return _flag("plate", value, _("not a Dutch licence plate"))
    return Normalised("plate", value, compact, True)


def _postcode(value: str, region: str) -> Normalised:
    match = _POSTCODE.match(value.strip())
    if not match:
        return _flag("postcode", value, _("not a Dutch postcode (1234 AB)"))
    return Normalised("postcode", value, f"{match.group(1)} {match.group(2).upper()}", True)


def _address(value: str, region: str) -> Normalised:
    return Normalised("address", value, fold(value.replace(",", " ")), True)


def _handle(value: str, region: str) -> Normalised:
    compact = value.strip().lstrip("@")
    if not _HANDLE.match(compact):
        return _flag("handle", value, _("not an online handle"))
    return Normalised("handle", value, "@" + compact.casefold(), True)


def _url(value: str, region: str) -> Normalised:
    parts = urlsplit(value if "://" in value else "https://" + value)
    if not parts.netloc or "." not in parts.netloc or " " in value:
        return _flag("url", value, _("not a web address"))
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return Normalised("url", value, f"{host}{path}{query}", True)


def _email(value: str, region: str) -> Normalised:
    if not _EMAIL.match(value):
        return _flag("email", value, _("not an e-mail address"))
    return Normalised("email", value, value.casefold(), True)


def _name(value: str, region: str) -> Normalised:
    return Normalised("name", value, fold(value), True)


_NORMALISERS = {
    "phone": _phone,
    "iban": _iban,
    "plate": _plate,
    "postcode": _postcode,
    "address": _address,
    "handle": _handle,
    "url": _url,
    "email": _email,
    "name": _name,
}
