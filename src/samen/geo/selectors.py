"""Reads of the reference geography (public facts, no personal data)."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Municipality, PostcodeArea

# A Dutch postcode: four digits not starting with 0, then optionally two letters ("1012 AB", "1012ab", "1012").
POSTCODE = re.compile(r"^([1-9]\d{3}) ?([A-Za-z]{2})?$")


def municipalities_current() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_current=True).order_by("name")


def municipalities_matching(text: str) -> QuerySet[Municipality]:
    text = (text or "").strip()
    return municipalities_current().filter(Q(name__icontains=text) | Q(code__iexact=text))


@dataclass(frozen=True)
class Postcode:
    area: str  # the four digits (PC4)
    letters: str = ""  # the two letters in capitals; empty when only the four digits were given

    def __str__(self) -> str:
        return f"{self.area} {self.letters}" if self.letters else self.area


def postcode_parse(text: str) -> Postcode | None:
    """'1012 AB', '1012ab' or '1012' as a Postcode; None when the text is not a postcode."""
    match = POSTCODE.match(" ".join((text or "").split()))
    if match is None:
        return None
    return Postcode(area=match.group(1), letters=(match.group(2) or "").upper())


def postcode_areas_loaded() -> bool:
    """Whether the operator loaded the postcode file (`samen load-postcodes`)."""
    return PostcodeArea.objects.exists()


def postcode_area_find(area: str) -> PostcodeArea | None:
    """The postcode area with these four digits, if it lies in a current municipality."""
    return PostcodeArea.objects.select_related("municipality").filter(code=area, municipality__is_current=True).first()
