"""The decision list of a session as PDF: references, decisions and recipients, and no more personal data than the
covenant allows every member; the same session gives the same bytes; every download is an audited export."""

import subprocess

import pytest

from django.urls import reverse
from django.utils import timezone, translation

from samen.audit.models import AuditEvent
from samen.tables.pdf import classes_for_all_members
from samen.tables.services import agenda_add, decision_record
from samen.tables.sessions import session_close, session_open
from tests.helpers import signed_in
from tests.signals.factories import make_signal
from tests.tables.factories import table_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """reverse() outside a request follows the thread's language; another test may have left English active."""
    with translation.override("nl"):
        yield


ACCOUNT = "Jonge vrouw wordt elke avond bij het station opgehaald door een oudere man."


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def session_world():
    world = table_world()
    owner = world.member("care")
    routed = agenda_add(
        table=world.table,
        signal=make_signal(world.care, reporter=owner, forms=["sexual"]),
        purpose="signal-enrichment",
        by=owner,
    )
    waiting = agenda_add(
        table=world.table,
        signal=make_signal(world.care, reporter=owner, forms=["labour"], indicators=["labour-id-retained"]),
        purpose="signal-enrichment",
        by=owner,
    )
    session = session_open(table=world.table, date=timezone.localdate(), items=[routed, waiting], by=world.chair)
    decision_record(
        item=routed,
        outcome="route-police",
        recipient=world.police,
        by=world.chair,
        reason="Anna Visser is bekend bij de politie.",
    )
    return world, session, routed, waiting


def test_only_the_classes_every_member_may_see_go_on_the_list(session_world):
    world, *_ = session_world
    assert classes_for_all_members(world.table) == {"basic", "place", "indicators"}


def test_the_decision_list_holds_references_and_decisions_but_no_account_or_names(session_world, tmp_path):
    world, session, routed, waiting = session_world
    url = reverse("tables:decision_list", args=[world.table.pk, session.pk])
    response = signed_in(world.member("municipality")).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = _text(response.content, tmp_path)
    assert world.table.name in text and session.date.strftime("%d-%m-%Y") in text
    assert routed.signal.reference in text and waiting.signal.reference in text
    assert "Doorgeleiden naar politie" in text and world.police.name in text
    assert "geen besluit" in text  # the waiting item
    for value in (ACCOUNT, "Anna Visser", "06 12345678", "+31612345678", "bekend bij de politie"):
        assert value not in text, f"{value!r} is on the decision list"
    for value in ("Anna", "Visser"):
        assert value not in text


def test_the_same_session_gives_the_same_pdf(session_world):
    world, session, *_ = session_world
    client = signed_in(world.member("police"))
    url = reverse("tables:decision_list", args=[world.table.pk, session.pk])
    assert client.get(url).content == client.get(url).content


def test_a_closed_session_keeps_its_list_when_later_decisions_follow(session_world, tmp_path):
    world, session, routed, waiting = session_world
    session_close(session=session, by=world.chair)
    client = signed_in(world.chair)
    url = reverse("tables:decision_list", args=[world.table.pk, session.pk])
    before = client.get(url).content
    decision_record(item=routed, outcome="no-further-action", reason="Opgelost.", by=world.chair)
    assert client.get(url).content == before
    text = _text(before, tmp_path)
    assert waiting.signal.reference not in text  # undecided: back on the agenda for the next session


def test_every_download_is_an_audited_export(session_world):
    world, session, routed, waiting = session_world
    member = world.member("riec")
    signed_in(member).get(reverse("tables:decision_list", args=[world.table.pk, session.pk]))
    events = AuditEvent.objects.filter(action="export", actor_id=str(member.pk))
    assert {event.object_id for event in events} == {str(routed.signal_id), str(waiting.signal_id)}
    assert {event.reason for event in events} == {f"decision-list:session:{session.pk}"}
    assert all(event.purpose == "signal-enrichment" for event in events)


def test_strangers_get_no_decision_list(session_world):
    world, session, *_ = session_world
    url = reverse("tables:decision_list", args=[world.table.pk, session.pk])
    assert signed_in(world.member("outsider")).get(url).status_code == 404
