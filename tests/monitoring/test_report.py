"""The progress letter: sections, action lines, figures and suppression in the PDF text and the DOCX; the same data
gives the same document; a bad period is refused with a clear message."""

import io
import re
import subprocess
import zipfile

import docx
import pytest

from django.core.management import CommandError, call_command

from samen import cli
from samen.audit.models import AuditEvent
from samen.monitoring.charts import chart_png, kpi_chart
from samen.monitoring.report import Period, PeriodError, build_letter, letter_render, mask_small_counts
from tests.monitoring.letter_world import LATER_NARRATIVE, RAN_IN_2025_H1, build_world

pytestmark = pytest.mark.django_db

# The contract check's own pattern: a lone digit 1-9 right before a word for people.
SMALL_COUNT = re.compile(r"(?<![\d.,<])\b[1-9]\b(?![\d.,])\s+(?:slachtoffers?|signalen|meldingen|verdachten)\b")
SECTIONS = [
    "Inleiding",
    "Voortgang per actielijn",
    "Kerncijfers",
    "Bijlage: resultaten van de projecten",
    "Bijlage: bewustwordingscampagnes en meldpunten",
    "Bronnen",
]
LINES = [
    "Actielijn 1: Brede bewustwording",
    "Actielijn 2: Meldingsbereidheid",
    "Informatiedeling en gegevensverwerking",
]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def letter(world):
    return build_letter(Period.parse("2025-H1"))


def test_pdf_holds_the_sections_lines_and_figures(letter, tmp_path):
    content = letter_render(letter, "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    assert "Voortgangsbrief aanpak mensenhandel — eerste helft 2025" in text
    for heading in SECTIONS + LINES:
        assert heading in text, heading
    lowered = text.lower()
    for word in ("bewustwording", "meldingsbereidheid", "informatiedeling"):
        assert word in lowered
    # Actions with holder, status and results; the seeds' figures with target and a forecast inside 160-170.
    assert "Campagne voor professionals" in text and "CoMensha (test)" in text and "op schema" in text
    assert "Het informatiepunt is open." in text
    assert "145" in text and "124" in text and "190" in text
    forecast = re.search(r"(\d+) \(bandbreedte (\d+)–(\d+)\)", text)
    assert forecast and 160 <= int(forecast[1]) <= 170
    assert "Naar rato" in text  # the method in words
    assert "351 hotels ingeschreven en 172 gecertificeerd" in text and "172" in text


def test_pdf_suppresses_small_counts_of_people(letter, tmp_path):
    text = pdf_text(letter_render(letter, "pdf"), tmp_path)
    assert "<10" in text
    assert "<10 slachtoffers meldden zich" in text  # the narrative's "7 slachtoffers"
    assert "<10 meldingen van hotels" in text  # the project's "3 meldingen"
    assert not SMALL_COUNT.findall(text.lower())
    # The minors KPI: 7 in 2024 and 4 by March 2025 are hidden, and so is the forecast that would reveal the 4.
    minors = text[text.index("Minderjarige slachtoffers in opvang per jaar") :]
    minors = minors[: minors.index("Bij het OM")]
    assert "2024 <10 50 –" in minors  # value hidden, target shown, no forecast for a whole year
    assert "2025 <10 (t/m 31 maart) – –" in minors  # value hidden, and no forecast from it


def test_letter_reads_the_data_as_it_stood_at_the_end_of_the_period(letter, tmp_path):
    text = pdf_text(letter_render(letter, "pdf"), tmp_path)
    assert LATER_NARRATIVE not in text  # an update for 2025-H2
    assert "t/m 30 september 2025" not in text  # a KPI value through September 2025
    assert "gemeld over de tweede helft van 2024" in text  # the latest update up to the period, even an older one


def test_action_lines_follow_their_numbers_across_goals(letter):
    assert [line.code for line in letter.lines] == ["AL1", "AL2", "AL5"]
    first = letter.lines[0]
    assert first.progress == 50  # (60 * 3 + 20 * 1) / 4
    assert [a.code for a in first.actions] == ["AL1.1", "AL1.2"]
    assert first.groups[0][0] == "Professionals herkennen signalen"


def test_docx_opens_and_holds_the_same_sections(letter):
    content = letter_render(letter, "docx")
    text = docx_text(content)
    for heading in SECTIONS + LINES:
        assert heading in text, heading
    assert "Voortgangsbrief aanpak mensenhandel — eerste helft 2025" in text
    assert "<10" in text and "145" in text and "190" in text
    assert not SMALL_COUNT.findall(text.lower())
    document = docx.Document(io.BytesIO(content))
    # One chart picture per KPI with figures, each described by the chart's text alternative.
    assert len(document.inline_shapes) == 3
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(d and d.startswith("Staafdiagram van") for d in descriptions)


def test_the_letter_lists_the_campaigns_and_reporting_points_that_ran_in_the_period(letter):
    assert [group.heading for group in letter.inventory] == ["Bewustwordingscampagnes", "Meldpunten"]
    assert [entry.slug for group in letter.inventory for entry in group.entries] == RAN_IN_2025_H1
    assert "Voortgangsbrief november 2024" in letter.sources and "Brief van 19 november 2024" in letter.sources


def _annex(text: str) -> str:
    start = text.index("Bijlage: bewustwordingscampagnes en meldpunten")
    return text[start : text.rindex("Bronnen")]


def test_pdf_annex_lists_the_campaigns_and_reporting_points_of_the_period(letter, tmp_path):
    text = pdf_text(letter_render(letter, "pdf"), tmp_path)
    annex = _annex(text)
    # Campaigns first, then reporting points, each by name; with organisation, forms, channels, period and source.
    order = ["Bewustwordingscampagnes", "Jouw twijfel, iemands kans", "Zomercampagne arbeidsuitbuiting"]
    order += ["Meldpunten", "Meldpunt online signalen"]
    assert [annex.index(name) for name in order] == sorted(annex.index(name) for name in order)
    assert "Uitgevoerd door CoMensha (test)" in annex and "Doelgroep Professionals" in annex
    assert "Seksuele uitbuiting, Criminele uitbuiting" in annex or "seksuele uitbuiting" in annex.lower()
    assert "sociale media, posters en drukwerk" in annex and "juni 2025 – augustus 2025" in annex
    assert "lopend volgens een bron van november 2024, die geen periode noemt (wordt voortgezet)" in annex
    assert "sinds maart 2024" in annex
    assert "Bereik landelijk" in annex and "https://www.example.nl/melden" in annex
    assert "Actieplan AL1.1 Campagne voor professionals" in annex
    assert "Bron Brief van 19 november 2024" in annex
    for absent in ("Oude campagne", "Herfstcampagne", "Meldpunt zonder periode"):
        assert absent not in text
    # Free text is disclosure-controlled here too.
    assert "belden <10 slachtoffers de lijn" in annex and "4 slachtoffers" not in text


def test_docx_annex_lists_the_same_entries(letter):
    text = docx_text(letter_render(letter, "docx"))
    annex = _annex(text)
    order = ["Bewustwordingscampagnes", "Jouw twijfel, iemands kans", "Zomercampagne arbeidsuitbuiting"]
    order += ["Meldpunten", "Meldpunt online signalen"]
    assert [annex.index(name) for name in order] == sorted(annex.index(name) for name in order)
    assert "Uitgevoerd door: CoMensha (test)" in annex and "Periode: sinds maart 2024" in annex
    assert "Bron: Bijlage no regret-projecten 2024" in annex
    for absent in ("Oude campagne", "Herfstcampagne", "Meldpunt zonder periode", "4 slachtoffers"):
        assert absent not in text


def test_a_campaign_known_to_run_from_a_letter_is_not_listed_before_that_letter(world):
    # "Jouw twijfel" runs according to a letter of 19 November 2024, which states no period.
    slugs = {
        period: [e.slug for g in build_letter(Period.parse(period)).inventory for e in g.entries]
        for period in ("2024-H1", "2024-H2")
    }
    assert "jouw-twijfel" not in slugs["2024-H1"] and "jouw-twijfel" in slugs["2024-H2"]
    assert "oude-campagne" in slugs["2024-H1"]


def test_a_period_without_campaigns_says_so(world, tmp_path):
    letter = build_letter(Period.parse("2022-H1"))
    assert letter.inventory == ()
    text = pdf_text(letter_render(letter, "pdf"), tmp_path)
    assert "Volgens de inventarisatie liepen er in deze periode geen campagnes of meldpunten." in text
    assert "Volgens de inventarisatie liepen er in deze periode geen campagnes of meldpunten." in docx_text(
        letter_render(letter, "docx")
    )


def test_the_same_data_gives_the_same_document(world, tmp_path):
    period = Period.parse("2025-H1")
    first, second = build_letter(period), build_letter(period)
    assert first == second
    assert pdf_text(letter_render(first, "pdf"), tmp_path) == pdf_text(letter_render(second, "pdf"), tmp_path)

    def document_xml(content: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("word/document.xml") + archive.read("docProps/core.xml")

    assert document_xml(letter_render(first, "docx")) == document_xml(letter_render(second, "docx"))
    chart = kpi_chart(world.kpis["om-suspects"])
    assert chart_png(chart) == chart_png(chart)


def test_command_writes_pdf_and_docx_and_audits_the_export(world, tmp_path):
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"brief.{fmt}"
        call_command("report", "progress", "--period", "2025-H1", "--format", fmt, "--out", str(out))
        assert out.read_bytes()[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    events = AuditEvent.objects.filter(object_type="monitoring.progressletter", object_id="2025-H1", action="export")
    assert sorted(e.reason for e in events) == ["progress-letter:docx:cli", "progress-letter:pdf:cli"]


@pytest.mark.parametrize("period", ["2025-H3", "2025", "H1-2025", "2025-h1x", "1999-H1", ""])
def test_bad_period_is_refused_with_a_clear_message(period, tmp_path):
    with pytest.raises(CommandError, match="is not a reporting period.*2025-H1"):
        call_command("report", "progress", "--period", period, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_samen_report_exits_non_zero_on_a_bad_period(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["report", "progress", "--period", "2025-H3", "--format", "pdf", "--out", str(tmp_path / "x.pdf")])
    assert stopped.value.code != 0
    assert "2025-H3" in capsys.readouterr().err


def test_period_parsing():
    period = Period.parse("2025-H2")
    assert (period.start.isoformat(), period.end.isoformat(), period.code) == ("2025-07-01", "2025-12-31", "2025-H2")
    with pytest.raises(PeriodError):
        Period.parse("2025-H0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 slachtoffers gevonden", "<10 slachtoffers gevonden"),
        ("drie minderjarige slachtoffers", "<10 minderjarige slachtoffers"),
        ("Er kwamen 5 nieuwe meldingen binnen", "Er kwamen <10 nieuwe meldingen binnen"),
        ("12 slachtoffers en 1.372 meldingen", "12 slachtoffers en 1.372 meldingen"),
        ("5 teams met 40 deelnemers", "5 teams met 40 deelnemers"),
        ("in 3 regio's", "in 3 regio's"),
    ],
)
def test_free_text_small_counts_of_people_are_masked(text, expected):
    assert mask_small_counts(text) == expected
