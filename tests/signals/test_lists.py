"""The signal list: filters, search and paging within what a person may see; the audited CSV export."""

import csv
import io
from datetime import datetime

import pytest

from django.utils import timezone

from samen.audit.models import AuditEvent
from samen.signals.inputs import PersonInput
from samen.signals.models import Signal
from samen.signals.selectors import signals_filter, signals_newest, signals_visible_to
from samen.signals.services import signal_set_status
from samen.web.pagination import CappedPaginator
from tests.factories import UserFactory
from tests.helpers import permission_world, signed_in
from tests.signals.factories import make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return permission_world()


@pytest.fixture
def user(world):
    return world.person("owner", "intake")


@pytest.fixture
def client(user):
    return signed_in(user)


def _received(signal: Signal, day: str) -> None:
    Signal.objects.filter(pk=signal.pk).update(received_at=timezone.make_aware(datetime.fromisoformat(day + "T12:00")))


@pytest.fixture
def signals(world, user):
    """Four signals of the owner that differ in every filter, and one of another organisation."""
    sexual = make_signal(world.owner, account="Vrouw wordt bij het station opgehaald.", own_reference="EIGEN-1")
    labour = make_signal(
        world.owner,
        source_type="hotline",
        forms=["labour"],
        indicators=["labour-id-retained", "labour-debt-bondage", "labour-excessive-hours"],
        municipality="GM0014",
        place_type="farm",
        account="Arbeiders slapen in de kas en krijgen geen loon.",
    )
    criminal = make_signal(
        world.owner, forms=["criminal"], indicators=[], immediate_danger=True, account="Jongen moet drugs vervoeren."
    )
    old = make_signal(world.owner, account="Een oud signaal over een massagesalon.")
    signal_set_status(signal=criminal, status="in-progress", by=user)
    _received(old, "2025-01-15")
    foreign = make_signal(world.unrelated, account="Vrouw wordt bij het station opgehaald, elders.")
    return {"sexual": sexual, "labour": labour, "criminal": criminal, "old": old, "foreign": foreign}


def _references(client, query: str = "") -> set[str]:
    response = client.get("/signalen/" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.content.decode()[:500]
    page = response.content.decode()
    return {ref for ref in Signal.objects.values_list("reference", flat=True) if f">{ref}</a>" in page}


def _refs(signals, *names) -> set[str]:
    return {signals[name].reference for name in names}


def test_the_list_shows_only_the_own_organisations_signals_newest_first(client, signals):
    assert _references(client) == _refs(signals, "sexual", "labour", "criminal", "old")
    page = client.get("/signalen/").content.decode()
    assert page.index(signals["criminal"].reference) < page.index(signals["sexual"].reference)
    assert page.index(signals["sexual"].reference) < page.index(signals["old"].reference)
    assert "4 signalen" in page


def test_urgency_is_shown_in_words(client, signals):
    page = client.get("/signalen/").content.decode()
    assert '<span class="urgency urgency--acute">Acuut</span>' in page
    assert '<span class="urgency urgency--high">Hoog</span>' in page
    assert '<span class="urgency urgency--normal">Normaal</span>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("form=labour", ["labour"]),
        ("form=sexual", ["sexual", "old"]),
        ("region=pol-noord-nederland", ["labour"]),
        ("region=pol-midden-nederland", ["sexual", "criminal", "old"]),
        ("status=in-progress", ["criminal"]),
        ("status=received", ["sexual", "labour", "old"]),
        ("urgency=acute", ["criminal"]),
        ("urgency=high", ["labour"]),
        ("source_type=hotline", ["labour"]),
        ("date_to=31-12-2025", ["old"]),
        ("date_from=01-01-2025&date_to=2025-01-15", ["old"]),
        ("form=sexual&date_from=01-02-2025", ["sexual"]),
    ],
)
def test_filters(client, signals, query, expected):
    assert _references(client, query) == _refs(signals, *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("station", ["sexual"]),  # the other organisation's signal with the same word stays invisible
        ("kas", ["labour"]),
        ("EIGEN-1", ["sexual"]),
        ("drugs", ["criminal"]),
    ],
)
def test_full_text_search_within_what_the_person_may_see(client, signals, text, expected):
    assert _references(client, f"q={text}") == _refs(signals, *expected)


def test_search_by_reference(client, signals):
    assert _references(client, f"q={signals['labour'].reference}") == _refs(signals, "labour")


def test_search_and_form_filter_together(client, signals):
    assert _references(client, "q=station&form=sexual") == _refs(signals, "sexual")
    assert _references(client, "q=station&form=labour") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=31-02-2025", "Vul een geldige datum in (dd-mm-jjjj)."),
        ("date_from=01-02-2025&date_to=01-01-2025", "De einddatum ligt voor de begindatum."),
        ("status=gestolen", "Selecteer een geldige keuze."),
    ],
)
def test_wrong_filters_get_a_dutch_message_not_a_500(client, signals, query, message):
    response = client.get(f"/signalen/?{query}")
    assert response.status_code == 400 and message in response.content.decode()
    assert f'value="{query.split("=")[1].split("&")[0]}"' in response.content.decode() or "status" in query


def test_the_list_writes_one_search_event_without_the_search_text(client, user, signals):
    before = AuditEvent.objects.filter(action="search").count()
    client.get("/signalen/?q=Anna&status=received")
    events = AuditEvent.objects.filter(action="search", actor_id=str(user.pk), object_type="signals.signal")
    assert events.count() == before + 1
    event = events.last()
    assert event.purpose == "signal-intake" and "Anna" not in event.reason and "q" in event.reason


def test_the_list_is_paged_by_50(client, world):
    for number in range(51):
        make_signal(world.owner, own_reference=f"R{number}", persons=[], indicators=[])
    first = client.get("/signalen/").content.decode()
    assert "51 signalen" in first and "Pagina 1 van 2" in first and first.count('class="urgency ') == 50
    second = client.get("/signalen/?page=2").content.decode()
    assert second.count('class="urgency ') == 1 and ">R0<" in second
    assert client.get("/signalen/?page=abc").status_code == 200


def test_past_the_count_cap_the_list_says_more_than_and_still_pages(client, world, monkeypatch):
    # Counting every match of a large list is slow; past the cap the list says "more than" and pages on by offset.
    monkeypatch.setattr("samen.signals.views.COUNT_CAP", 10)
    for number in range(51):
        make_signal(world.owner, own_reference=f"R{number}", persons=[], indicators=[])
    first = client.get("/signalen/").content.decode()
    assert "Meer dan 10 signalen" in first and "51 signalen" not in first
    assert first.count('class="urgency ') == 50 and "page=2" in first
    assert "Pagina 1" in first and "Pagina 1 van" not in first
    second = client.get("/signalen/?page=2").content.decode()
    assert second.count('class="urgency ') == 1 and ">R0<" in second and "Volgende pagina" not in second
    beyond = client.get("/signalen/?page=9").content.decode()
    assert beyond.count('class="urgency ') == 50  # a page past the end shows the first counted page, not an error
    english = client.get("/en/signals/").content.decode()
    assert "More than 10 signals" in english


@pytest.mark.parametrize("text", ["", "station", "kas", "niets dergelijks"])
def test_pages_read_from_the_newest_signals_are_the_pages_of_the_whole_list(world, user, text):
    # The list reads a page from the newest signals first; it must give exactly the rows of the whole list, also
    # when several signals share the boundary's receipt time and when the newest hold too few matches.
    accounts = ["Vrouw bij het station.", "Arbeiders slapen in de kas.", "Jongen bij het station."]
    made = [make_signal(world.owner, account=accounts[n % 3], persons=[], indicators=[]) for n in range(14)]
    moments = ["2026-03-01", "2026-02-01", "2026-02-01", "2026-02-01", "2026-01-01"]
    for number, signal in enumerate(made):
        _received(signal, moments[min(number // 3, 4)])
    visible = signals_visible_to(user)
    signals = signals_filter(visible, text=text)
    whole = CappedPaginator(signals, 2)
    for size in (1, 4, 7, 14, 20):
        newest = signals_newest(visible, signals, size=size)
        assert (newest is None) == (size > 14)
        windowed = CappedPaginator(signals, 2, newest=newest)
        for number in range(1, 9):
            page, expected = windowed.get_page(number), whole.get_page(number)
            assert [s.pk for s in page.object_list] == [s.pk for s in expected.object_list], (size, number)
            assert page.has_next() == expected.has_next()


def test_the_list_reads_from_the_newest_signals(client, world, monkeypatch):
    monkeypatch.setattr("samen.signals.views.NEWEST_WINDOW", 3)
    for number in range(5):
        make_signal(world.owner, own_reference=f"R{number}", account=f"Signaal {number} bij het station.", persons=[])
    page = client.get("/signalen/?q=station").content.decode()
    assert page.count('class="urgency ') == 5 and ">R0<" in page and ">R4<" in page


def test_the_page_links_keep_the_filters(client, world):
    for _number in range(51):
        make_signal(world.owner, persons=[], indicators=[])
    page = client.get("/signalen/?status=received").content.decode()
    assert 'href="?status=received&amp;page=2"' in page


# --- export ------------------------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_contains_the_filtered_visible_list(client, signals):
    response = client.get("/signalen/export.csv?form=sexual")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="signals-')
    rows = _csv(response)
    assert rows[0] == [
        "kenmerk",
        "ontvangen",
        "bron",
        "vormen van uitbuiting",
        "gemeente",
        "urgentie",
        "status",
        "eigen kenmerk",
        "verslag",
    ]
    assert [row[0] for row in rows[1:]] == [signals["sexual"].reference, signals["old"].reference]
    sexual = rows[1]
    assert sexual[2] == "Professional" and sexual[3] == "Seksuele uitbuiting" and sexual[4] == "Utrecht"
    assert sexual[5] == "Normaal" and sexual[6] == "ontvangen" and sexual[7] == "EIGEN-1"
    assert sexual[8] == "Vrouw wordt bij het station opgehaald."
    assert rows[2][1] == "15-01-2025 12:00"
    assert "Anna Visser" not in str(rows) and "+31612345678" not in str(rows)  # no identifiers of persons


def test_export_writes_an_audit_event_with_count_and_data_subjects(client, user, signals):
    _csv(client.get("/signalen/export.csv"))
    event = AuditEvent.objects.get(action="export")
    assert event.actor_id == str(user.pk) and event.object_type == "signals.signal"
    assert event.reason == "count:4" and event.purpose == "signal-intake"
    assert len(event.subjects) == 4  # one person in each exported signal, none of the other organisation's


def test_export_guards_against_csv_injection(client, world):
    make_signal(
        world.owner,
        account='=HYPERLINK("http://example.org","klik")',
        own_reference="+31612345678",
    )
    make_signal(world.owner, account="@SUM(1+1)", own_reference="-1")
    make_signal(world.owner, account="- een opsomming", own_reference="gewoon")
    rows = _csv(client.get("/signalen/export.csv"))[1:]
    cells = {(row[7], row[8]) for row in rows}
    assert cells == {
        ("'+31612345678", '\'=HYPERLINK("http://example.org","klik")'),
        ("'-1", "'@SUM(1+1)"),
        ("gewoon", "'- een opsomming"),
    }


def test_export_in_english(client, signals):
    rows = _csv(client.get("/en/signals/export.csv?form=labour"))
    assert rows[0][0] == "reference" and rows[1][3] == "Labour exploitation" and rows[1][5] == "High"


def test_export_of_another_organisation_contains_nothing_of_ours(world, signals):
    other = signed_in(world.person("unrelated", "analyst"))
    rows = _csv(other.get("/signalen/export.csv"))
    assert [row[0] for row in rows[1:]] == [signals["foreign"].reference]


def test_export_with_a_wrong_filter_is_400(client, signals):
    assert client.get("/signalen/export.csv?date_from=gisteren").status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()


def test_export_needs_its_permission(world, signals):
    member = signed_in(world.person("owner", "table-member"))
    assert member.get("/signalen/export.csv").status_code == 403
    page = member.get("/signalen/").content.decode()
    assert "export.csv" not in page


def test_a_signal_with_a_minor_is_high_in_the_list(client, world):
    make_signal(world.owner, indicators=[], persons=[PersonInput(role="possible-victim", estimated_age=15)])
    assert '<span class="urgency urgency--high">Hoog</span>' in client.get("/signalen/").content.decode()


def test_a_person_without_an_organisation_sees_no_signals(signals):
    loner = UserFactory(organisation=None, roles=["table-member"])
    assert _references(signed_in(loner)) == set()
