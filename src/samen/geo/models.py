"""Municipalities, the regions that serve them and the postcode areas in them. Loaded from data files; admins replace
the files, not code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    POLICE_UNIT = "police_unit", _("police unit")
    RIEC_REGION = "riec_region", _("RIEC region")
    VEILIG_THUIS_REGION = "veilig_thuis_region", _("Veilig Thuis region")
    CARE_REGION = "care_region", _("care-coordination region")


class Region(models.Model):
    kind = models.CharField(max_length=32, choices=RegionKind.choices, help_text=_("Which kind of region."))
    code = models.CharField(max_length=64, unique=True, help_text=_("Stable code, e.g. pol-midden-nederland."))
    name = models.CharField(max_length=200, help_text=_("Public name of the region."))

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


def _region(kind: RegionKind, label: str) -> models.ForeignKey:
    return models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": kind},
        verbose_name=label,
        help_text=_("The region of this kind that serves the municipality."),
    )


class Municipality(models.Model):
    code = models.CharField(max_length=6, unique=True, help_text=_("CBS code, 'GM' and four digits, e.g. GM0363."))
    name = models.CharField(max_length=200, db_index=True, help_text=_("Official (CBS) name."))
    province = models.CharField(max_length=64, help_text=_("Province."))
    police_unit = _region(RegionKind.POLICE_UNIT, _("police unit"))
    riec_region = _region(RegionKind.RIEC_REGION, _("RIEC region"))
    veilig_thuis_region = _region(RegionKind.VEILIG_THUIS_REGION, _("Veilig Thuis region"))
    care_region = _region(RegionKind.CARE_REGION, _("care-coordination region"))
    is_current = models.BooleanField(
        default=True,
        help_text=_("False once a newer reference file no longer lists it (e.g. after a merger)."),
    )
    reference_date = models.DateField(help_text=_("Reference date of the data file it was loaded from."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PostcodeArea(models.Model):
    """A four-digit postcode area (PC4) and the municipality it lies in. Loaded by `samen load-postcodes` from a file
    of CBS; an area whose addresses lie in more than one municipality belongs to the one with most of them."""

    code = models.CharField(
        max_length=4, unique=True, help_text=_("The four digits of a postcode, e.g. 1012 for 1012 AB.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The municipality the area lies in; for a split area, the one with most of its addresses."),
    )
    is_split = models.BooleanField(
        default=False, help_text=_("Part of the area's addresses lie in another municipality.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return self.code
