"""The Wegwijzer's "where": a municipality typed by name, by CBS code or by postcode, as the municipality whose
regional contacts are advised. A postcode is looked up only when the operator loaded the postcode file
(`samen load-postcodes`); without it, the visitor is asked for the municipality's name."""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.geo.selectors import (
    Postcode,
    municipalities_current,
    postcode_area_find,
    postcode_areas_loaded,
    postcode_parse,
)
from samen.geo.services import UnknownMunicipality, regions_serving

UNKNOWN_MUNICIPALITY = _(
    "We do not know this municipality. Check the spelling, choose a name from the list, or leave this question empty."
)
POSTCODE_NOT_YET = _(
    "We cannot look up a postcode yet. Type the name of the municipality instead, for example Amsterdam."
)
POSTCODE_UNKNOWN = _(
    "We cannot find this postcode. Check it, or type the name of the municipality instead, for example Amsterdam."
)
MUNICIPALITY_CODE = "unknown_municipality"
# Names people use for a municipality whose official (CBS) name differs.
_ALIASES = {"den haag": "'s-gravenhage", "the hague": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}


@dataclass(frozen=True)
class Place:
    code: str  # CBS code of the municipality
    name: str
    postcode: str = ""  # the postcode it was found by, written as '1012 AB' or '1012'; empty for a name or code
    split: bool = False  # the postcode area lies in more than one municipality: the one with most addresses

    @property
    def area(self) -> str:
        return self.postcode[:4]


def _fold(text: str) -> str:
    """Lower case without accents or extra spaces: 'Súdwest-Fryslân ' and 'sudwest-fryslan' are the same."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def _by_name_or_code(text: str) -> Place:
    wanted = _fold(text)
    wanted = _ALIASES.get(wanted, wanted)
    by_name, by_short_name, names = {}, {}, {}
    for code, name in municipalities_current().values_list("code", "name"):
        names[code] = name
        by_name[_fold(name)] = code
        # 'Rijswijk (ZH.)' may be typed as 'Rijswijk'.
        by_short_name.setdefault(_fold(name.split(" (")[0]), []).append(code)
    if wanted in by_name:
        return Place(by_name[wanted], names[by_name[wanted]])
    if len(by_short_name.get(wanted, [])) == 1:
        code = by_short_name[wanted][0]
        return Place(code, names[code])
    municipality = regions_serving(text).municipality  # a CBS code, or UnknownMunicipality
    return Place(municipality.code, municipality.name)


def _by_postcode(postcode: Postcode) -> Place | None:
    area = postcode_area_find(postcode.area)
    if area is None:
        return None
    return Place(area.municipality.code, area.municipality.name, postcode=str(postcode), split=area.is_split)


def place_find(text: str) -> Place | None:
    """The municipality a visitor means by `text`: a name (any case, with or without accents), a CBS code ('GM0363',
    '363') or a postcode ('1012 AB', '1012'); None when nothing was typed. Four digits alone are a postcode first
    and a CBS code second ('1680' is a postcode area and the code of Aa en Hunze). Raises ValidationError with code
    unknown_municipality and a message saying what to type instead."""
    text = " ".join((text or "").split())
    if not text:
        return None
    postcode = postcode_parse(text)
    if postcode is not None:
        place = _by_postcode(postcode)
        if place is not None:
            return place
        if postcode.letters == "":
            try:
                return _by_name_or_code(text)
            except UnknownMunicipality:
                pass
        message = POSTCODE_UNKNOWN if postcode_areas_loaded() else POSTCODE_NOT_YET
        raise ValidationError(message, code=MUNICIPALITY_CODE)
    try:
        return _by_name_or_code(text)
    except UnknownMunicipality as error:
        raise ValidationError(UNKNOWN_MUNICIPALITY, code=MUNICIPALITY_CODE) from error
