"""A small programme built row by row for the dashboard and progress-letter tests (independent of the plan loader):
three action lines under two goals, actions with updates before, in and after 2025-H1, KPIs with a seeds-like
forecast, a small count of people planted in a KPI and in a narrative, a project, a certification series, and
campaigns and reporting points that ran in, before and after 2025-H1 (or whose period is not stated)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from samen.monitoring.models import (
    KPI,
    InventoryEntry,
    KPITarget,
    KPIValue,
    PlanNode,
    ProgressUpdate,
    Project,
    Series,
    SeriesValue,
)
from tests.factories import OrganisationFactory

SMALL_NARRATIVE = "Campagne gestart; 7 slachtoffers meldden zich via de hulplijn."
SMALL_CAMPAIGN_TEXT = "In de eerste week belden 4 slachtoffers de lijn."
# The campaigns and reporting points that ran in 2025-H1, in the letter's order: campaigns, then reporting points.
RAN_IN_2025_H1 = ["jouw-twijfel", "zomercampagne", "meldpunt-online"]
LATER_NARRATIVE = "Eindrapport opgeleverd na de periode."


@dataclass
class World:
    lines: dict[str, PlanNode]
    actions: dict[str, PlanNode]
    kpis: dict[str, KPI]


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12, 0))


def build_world() -> World:
    comensha = OrganisationFactory(name="CoMensha (test)")
    police = OrganisationFactory(name="Politie (test)", police=True)
    ambition = PlanNode.objects.create(kind="ambition", code="AMB", title_nl="Minder slachtoffers", source="Actieplan")
    sd1 = PlanNode.objects.create(kind="goal", code="SD1", title_nl="Voorkomen", parent=ambition, position=1)
    sd2 = PlanNode.objects.create(kind="goal", code="SD2", title_nl="Beschermen", parent=ambition, position=2)
    lines = {
        "AL1": PlanNode.objects.create(
            kind="line", code="AL1", title_nl="Brede bewustwording", parent=sd1, position=1, source="Actieplan 2023"
        ),
        # Under another goal, but numbered across the plan: it must come second.
        "AL2": PlanNode.objects.create(
            kind="line", code="AL2", title_nl="Meldingsbereidheid", parent=sd2, position=2, source="Actieplan 2023"
        ),
        "AL5": PlanNode.objects.create(
            kind="line",
            code="AL5",
            title_nl="Informatiedeling en gegevensverwerking",
            parent=sd1,
            position=5,
            source="Actieplan 2023",
        ),
    }
    goal = PlanNode.objects.create(
        kind="operational", code="AL1.OD1", title_nl="Professionals herkennen signalen", parent=lines["AL1"]
    )
    actions = {
        "AL1.1": PlanNode.objects.create(
            kind="action", code="AL1.1", title_nl="Campagne voor professionals", parent=goal, holder=comensha, weight=3
        ),
        "AL1.2": PlanNode.objects.create(
            kind="action", code="AL1.2", title_nl="Inventarisatie meldpunten", parent=goal, holder=comensha
        ),
        "AL2.1": PlanNode.objects.create(
            kind="action", code="AL2.1", title_nl="Centraal informatiepunt", parent=lines["AL2"], holder=police
        ),
        "AL5.1": PlanNode.objects.create(
            kind="action", code="AL5.1", title_nl="Werkgroep gegevensdeling", parent=lines["AL5"], holder=police
        ),
    }
    actions["AL2.1"].involved.add(comensha)
    ProgressUpdate.objects.create(
        action=actions["AL1.1"],
        period="2025-H1",
        status="on-track",
        percent_complete=60,
        narrative=SMALL_NARRATIVE,
        next_steps="Tweede ronde in het najaar.",
        at=_at(2025, 6, 20),
    )
    ProgressUpdate.objects.create(
        action=actions["AL1.1"],
        period="2025-H2",
        status="done",
        percent_complete=100,
        narrative=LATER_NARRATIVE,
        at=_at(2025, 11, 1),
    )
    ProgressUpdate.objects.create(
        action=actions["AL1.2"],
        period="2024-H2",
        status="delayed",
        percent_complete=20,
        narrative="Vertraagd door personeelstekort.",
        at=_at(2024, 12, 1),
    )
    ProgressUpdate.objects.create(
        action=actions["AL2.1"],
        period="2025-H1",
        status="done",
        percent_complete=100,
        narrative="Het informatiepunt is open.",
        at=_at(2025, 5, 1),
    )

    suspects = KPI.objects.create(
        slug="om-suspects",
        kind="manual",
        title_nl="Bij het OM ingeschreven verdachten",
        unit="personen",
        definition="Verdachten van mensenhandel die het OM in een jaar inschreef.",
        source="Openbaar Ministerie",
        owner="Openbaar Ministerie",
        line=lines["AL2"],
    )
    KPIValue.objects.create(kpi=suspects, period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), value=145)
    KPIValue.objects.create(
        kpi=suspects, period_start=date(2020, 1, 1), period_end=date(2020, 9, 30), value=124, cumulative=True
    )
    KPITarget.objects.create(kpi=suspects, year=2020, value=190)
    minors = KPI.objects.create(
        slug="minor-victims",
        kind="manual",
        title_nl="Minderjarige slachtoffers in opvang",
        unit="personen",
        definition="Minderjarige slachtoffers die in het jaar werden opgevangen.",
        source="Zorgcoördinatoren",
        owner="CoMensha",
        line=lines["AL1"],
    )
    KPIValue.objects.create(kpi=minors, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), value=7)
    KPIValue.objects.create(
        kpi=minors, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31), value=4, cumulative=True
    )
    # After the period: a 2025-H1 letter must not show it.
    KPIValue.objects.create(
        kpi=minors, period_start=date(2025, 1, 1), period_end=date(2025, 9, 30), value=40, cumulative=True
    )
    KPITarget.objects.create(kpi=minors, year=2024, value=50)
    in_time = KPI.objects.create(
        slug="shares-in-time",
        kind="computed",
        title_nl="Delingen binnen de termijn geaccepteerd",
        unit="procent",
        definition="Aandeel van de gegevensdelingen dat binnen de termijn werd geaccepteerd.",
        source="Samen",
        owner="Programma",
        counts_people=False,
        line=lines["AL5"],
    )
    KPIValue.objects.create(kpi=in_time, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), value=87.5)
    KPITarget.objects.create(kpi=in_time, year=2024, value=90)

    Project.objects.create(
        name="No Place for Sex Trafficking",
        executors="Centrum tegen Kinderhandel en Mensenhandel",
        programme="No Regrets 2023-2024",
        line=lines["AL1"],
        start=date(2023, 1, 1),
        end=date(2024, 12, 31),
        budget=125000,
        goals="Hotels herkennen seksuele uitbuiting.",
        results="351 hotels ingeschreven en 172 gecertificeerd; 3 meldingen van hotels bij de politie.",
        source="Bijlage no regret-projecten 2024",
    )
    hotels = Series.objects.create(
        slug="npst-hotels-certified", name="Gecertificeerde hotels", unit="hotels", source="Bijlage 2024"
    )
    SeriesValue.objects.create(series=hotels, date=date(2023, 1, 1), value=127)
    SeriesValue.objects.create(series=hotels, date=date(2024, 7, 15), value=172)

    twijfel = InventoryEntry.objects.create(
        slug="jouw-twijfel",
        kind="campaign",
        title_nl="Jouw twijfel, iemands kans",
        organisation_name="CoMensha (test)",
        audience="Professionals",
        forms=["sexual", "criminal"],
        active=True,
        running_as_of=date(2024, 11, 19),
        period_note="wordt voortgezet",
        description=SMALL_CAMPAIGN_TEXT,
        source="Voortgangsbrief november 2024",
    )
    twijfel.actions.add(actions["AL1.1"])
    InventoryEntry.objects.create(
        slug="zomercampagne",
        kind="campaign",
        title_nl="Zomercampagne arbeidsuitbuiting",
        organisation_name="FairWork (test)",
        forms=["labour"],
        channels=["social-media", "print"],
        start=date(2025, 6, 1),
        end=date(2025, 8, 31),
        source="Bijlage no regret-projecten 2024",
    )
    InventoryEntry.objects.create(
        slug="meldpunt-online",
        kind="reporting-point",
        title_nl="Meldpunt online signalen",
        organisation_name="Politie (test)",
        channels=["web"],
        start=date(2024, 3, 1),
        scope="national",
        url="https://www.example.nl/melden",
        source="Brief van 19 november 2024",
    )
    # Not in a 2025-H1 letter: ended before it, starts after it, and one whose source does not say whether it runs.
    InventoryEntry.objects.create(
        slug="oude-campagne",
        kind="campaign",
        title_nl="Oude campagne",
        organisation_name="CoMensha (test)",
        start=date(2023, 1, 1),
        end=date(2024, 12, 31),
        source="Bijlage no regret-projecten 2024",
    )
    InventoryEntry.objects.create(
        slug="herfstcampagne",
        kind="campaign",
        title_nl="Herfstcampagne",
        organisation_name="CoMensha (test)",
        start=date(2025, 9, 1),
        source="Voortgangsbrief november 2024",
    )
    InventoryEntry.objects.create(
        slug="onbekend-meldpunt",
        kind="reporting-point",
        title_nl="Meldpunt zonder periode",
        organisation_name="Onbekend",
        source="Voortgangsbrief 2020",
    )
    return World(lines=lines, actions=actions, kpis={"om-suspects": suspects, "minor-victims": minors})
