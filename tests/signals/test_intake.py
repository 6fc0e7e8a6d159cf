"""Professional intake: the form, drafts, detail, edit, status, attachments, and who may do what."""

import io
import re

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samen.audit.models import AuditEvent
from samen.signals.models import Draft, Identifier, Signal, SignalEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_statuses, permission_world, signed_in
from tests.signals.factories import make_signal

pytestmark = pytest.mark.django_db

ACCOUNT = "Twee jonge vrouwen worden elke avond bij het station opgehaald door dezelfde bestelbus."


def intake_data(**overrides) -> dict:
    data = {
        "action": "submit",
        "source_type": "professional",
        "own_reference": "ZK-2026-17",
        "observed_on": "01-03-2026",
        "municipality": "Utrecht",
        "place_type": "station",
        "minor_involved": "unknown",
        "forms": ["sexual", "labour"],
        "indicators_sexual": ["sexual-older-contacts-pickup", "sexual-online-ads"],
        "indicators_labour": ["labour-id-retained"],
        "account": ACCOUNT,
        "person-0-role": "possible-victim",
        "person-0-name": "Anna Visser",
        "person-0-estimated_age": "19",
        "person-0-gender": "female",
        "person-0-phones": "06 12345678\n+31 6 8765 4321",
        "person-0-ibans": "NL91 ABNA 0417 1643 00\nNL00 FOUT",
        "person-1-role": "possible-perpetrator",
        "person-1-alias": "De Baas",
        "person-1-plates": "12-abc-3",
        "ad_urls": "https://www.example.nl/ad/1",
        "handles": "@anna_nl",
    }
    data.update(overrides)
    return data


@pytest.fixture
def world():
    return permission_world()


@pytest.fixture
def intake_user(world):
    return world.person("owner", "intake")


@pytest.fixture
def client(intake_user):
    return signed_in(intake_user)


@pytest.fixture
def signal(world, intake_user):
    return make_signal(world.owner, reporter=intake_user, own_reference="ZK-1")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


# --- who may do what ---------------------------------------------------------------------------------------------


def _urls(signal) -> dict[str, str]:
    return {
        "list": "/signalen/",
        "new": "/signalen/nieuw/",
        "drafts": "/signalen/concepten/",
        "export": "/signalen/export.csv",
        "detail": f"/signalen/{signal.pk}/",
        "edit": f"/signalen/{signal.pk}/bewerken/",
    }


SIGNAL_PAGES = ["detail", "edit"]
OWN_PAGES = ["list", "new", "drafts", "export"]


@pytest.mark.parametrize("page", SIGNAL_PAGES)
def test_signal_pages_are_for_the_owner_organisation_only(world, signal, page):
    clients = world.clients("intake")
    clients["anonymous"] = Client()
    url = _urls(signal)[page]
    assert_statuses(clients, "get", url, {"owner": 200, "partner": 404, "unrelated": 404})
    response = clients["anonymous"].get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("page", OWN_PAGES)
def test_own_pages_answer_every_intake_user(world, signal, page):
    assert_statuses(world.clients("intake"), "get", _urls(signal)[page], {"owner": 200, "partner": 200})


@pytest.mark.parametrize("page", SIGNAL_PAGES + OWN_PAGES)
def test_a_person_without_the_permission_gets_403_and_it_is_audited(world, signal, page):
    officer = world.person("owner", "privacy-officer")
    response = signed_in(officer).get(_urls(signal)[page])
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor_id=str(officer.pk)).exists()


@pytest.mark.parametrize("page", SIGNAL_PAGES + OWN_PAGES)
def test_anonymous_visitors_go_to_sign_in(signal, page):
    response = Client().get(_urls(signal)[page])
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_table_member_reads_but_does_not_change(world, signal):
    member = signed_in(world.person("owner", "table-member"))
    page = member.get(f"/signalen/{signal.pk}/")
    assert page.status_code == 200 and "Dit signaal wijzigen" not in page.content.decode()
    assert member.get(f"/signalen/{signal.pk}/bewerken/").status_code == 403
    assert member.post(f"/signalen/{signal.pk}/status/", {"status": "handled"}).status_code == 403
    assert member.get("/signalen/export.csv").status_code == 403


# --- intake ------------------------------------------------------------------------------------------------------


def test_intake_form_shows_indicators_per_form_and_the_person_blocks(client):
    page = client.get("/signalen/nieuw/").content.decode()
    assert "<legend" in page and "Seksuele uitbuiting" in page and "Arbeidsuitbuiting" in page
    assert 'name="indicators_sexual"' in page and 'value="sexual-older-contacts-pickup"' in page
    assert "Persoon 3" in page and 'name="person-2-role"' in page
    assert '<datalist id="municipalities">' in page and 'value="Utrecht"' in page
    assert "Concept opslaan" in page


def test_intake_stores_the_signal_with_persons_and_identifiers(client, intake_user, world):
    response = client.post("/signalen/nieuw/", intake_data())
    signal = Signal.objects.get()
    assert response.status_code == 302 and response.url == f"/signalen/{signal.pk}/"
    assert signal.organisation == world.owner and signal.reporter == intake_user
    assert signal.channel == "intake-form" and signal.own_reference == "ZK-2026-17"
    assert signal.municipality.code == "GM0344" and signal.place_type.code == "station"
    assert str(signal.observed_on) == "2026-03-01"
    assert set(signal.forms.values_list("code", flat=True)) == {"sexual", "labour"}
    assert signal.indicators.count() == 3
    persons = list(signal.persons.order_by("pk"))
    assert [(p.role, p.name, p.alias) for p in persons] == [
        ("possible-victim", "Anna Visser", ""),
        ("possible-perpetrator", "", "De Baas"),
    ]
    assert persons[0].estimated_age == 19 and persons[0].gender == "female"
    kinds = sorted(Identifier.objects.filter(person=persons[0]).values_list("kind", "normalised"))
    assert kinds == [("iban", ""), ("iban", "NL91ABNA0417164300"), ("phone", "+31612345678"), ("phone", "+31687654321")]
    assert list(Identifier.objects.filter(person=persons[1]).values_list("normalised", flat=True)) == ["12ABC3"]
    signal_level = set(Identifier.objects.filter(signal=signal, person=None).values_list("kind", "normalised"))
    assert signal_level == {("url", "example.nl/ad/1"), ("handle", "@anna_nl")}
    page = client.get(response.url).content.decode()
    assert f"Signaal {signal.reference} is opgeslagen" in page


def test_an_empty_person_block_is_not_a_person(client):
    client.post("/signalen/nieuw/", intake_data(**{"person-1-role": "", "person-1-alias": "", "person-1-plates": ""}))
    assert Signal.objects.get().persons.count() == 1


def test_validation_errors_keep_everything_typed(client):
    data = intake_data(**{"observed_on": "31-02-2026", "person-1-estimated_age": "200", "person-2-name": "Piet"})
    response = client.post("/signalen/nieuw/", data)
    page = response.content.decode()
    assert response.status_code == 400 and not Signal.objects.exists()
    assert "Vul een geldige datum in (dd-mm-jjjj)." in page
    assert "Vul een leeftijd in tussen 0 en 120." in page
    assert "Kies de rol van deze persoon." in page  # a block with a name needs a role
    assert 'id="error-summary"' in page and 'href="#id_person-1-estimated_age"' in page
    for typed in (ACCOUNT, "Anna Visser", "De Baas", "Piet", "ZK-2026-17", "06 12345678", "31-02-2026", "200"):
        assert typed in page, typed
    assert re.search(r'value="sexual-online-ads" id="[^"]+" checked', page)


def test_errors_of_the_service_land_on_their_field(client):
    response = client.post("/signalen/nieuw/", intake_data(municipality="Atlantis"))
    page = response.content.decode()
    assert response.status_code == 400 and not Signal.objects.exists()
    assert "Er is geen gemeente met deze naam of CBS-code" in page and 'href="#id_municipality"' in page
    assert 'value="Atlantis"' in page


def test_a_person_error_of_the_service_lands_on_that_person(client, monkeypatch):
    from samen.signals import services

    monkeypatch.setattr(services, "TEXT_LIMITS", {**services.TEXT_LIMITS, "nationality": 3})
    response = client.post("/signalen/nieuw/", intake_data(**{"person-1-nationality": "Nederlands"}))
    assert response.status_code == 400
    assert 'href="#id_person-1-nationality"' in response.content.decode()


def test_a_missing_account_is_refused_with_a_dutch_message(client):
    response = client.post("/signalen/nieuw/", intake_data(account=""))
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()


def test_script_in_any_field_is_shown_escaped(client):
    script = "<script>alert(1)</script>"
    client.post("/signalen/nieuw/", intake_data(account=script, **{"person-0-name": script}))
    page = client.get(f"/signalen/{Signal.objects.get().pk}/").content.decode()
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_attachments_are_stored_and_downloaded_only_by_who_may_see_the_signal(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("foto.png", _png(), content_type="image/png")
    client.post("/signalen/nieuw/", {**intake_data(), "attachments": [upload]})
    signal = Signal.objects.get()
    item = signal.attachments.get()
    url = f"/signalen/{signal.pk}/bijlagen/{item.pk}/"
    assert url in client.get(f"/signalen/{signal.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action="read", object_type="signals.attachment", object_id=str(item.pk)).exists()
    clients = world.clients("intake")
    assert_statuses(clients, "get", url, {"partner": 404, "unrelated": 404})
    assert client.get(f"/signalen/{signal.pk}/bijlagen/{item.pk + 1}/").status_code == 404
    other = make_signal(world.owner)
    assert client.get(f"/signalen/{other.pk}/bijlagen/{item.pk}/").status_code == 404


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="image/png")
    response = client.post("/signalen/nieuw/", {**intake_data(), "attachments": [upload]})
    assert response.status_code == 400 and "U kunt alleen foto" in response.content.decode()
    assert not Signal.objects.exists()


def test_duplicate_hint_links_earlier_signals_with_the_same_identifier(client, world):
    earlier = make_signal(world.owner)  # its person has phone 06 12345678
    elsewhere = make_signal(OrganisationFactory())
    response = client.post("/signalen/nieuw/", intake_data(**{"person-0-phones": "+31 6 1234 5678"}))
    page = client.get(response.url).content.decode()
    assert 'data-testid="duplicate-hint"' in page
    assert f'href="/signalen/{earlier.pk}/"' in page and elsewhere.reference not in page


def test_no_duplicate_hint_without_shared_identifiers(client):
    response = client.post("/signalen/nieuw/", intake_data())
    assert 'data-testid="duplicate-hint"' not in client.get(response.url).content.decode()


# --- drafts ------------------------------------------------------------------------------------------------------


def test_saving_a_draft_keeps_everything_and_reopens_it(client, intake_user):
    response = client.post("/signalen/nieuw/", intake_data(action="draft", account=""))
    draft = Draft.objects.get()
    assert response.status_code == 302 and response.url == f"/signalen/nieuw/?concept={draft.pk}"
    assert draft.owner == intake_user and not Signal.objects.exists()
    assert draft.data["person-0-name"] == ["Anna Visser"]
    assert draft.data["indicators_sexual"] == ["sexual-older-contacts-pickup", "sexual-online-ads"]
    assert "csrfmiddlewaretoken" not in draft.data and "action" not in draft.data
    page = client.get(response.url).content.decode()
    assert "Concept opgeslagen om" in page and f'name="concept" value="{draft.pk}"' in page
    assert 'value="Anna Visser"' in page and "De Baas" in page and "ZK-2026-17" in page
    assert re.search(r'value="sexual-online-ads" id="[^"]+" checked', page)
    assert 'id="error-summary"' not in page  # a reopened draft is not judged yet
    assert AuditEvent.objects.filter(action="read", object_type="signals.draft", object_id=str(draft.pk)).exists()


def test_saving_again_updates_the_same_draft(client):
    client.post("/signalen/nieuw/", intake_data(action="draft"))
    draft = Draft.objects.get()
    client.post("/signalen/nieuw/", intake_data(action="draft", concept=draft.pk, account="Anders"))
    draft.refresh_from_db()
    assert Draft.objects.count() == 1 and draft.data["account"] == ["Anders"]


def test_the_drafts_page_lists_only_ones_own_drafts(client, world, intake_user):
    client.post("/signalen/nieuw/", intake_data(action="draft"))
    colleague = world.person("owner", "intake")
    Draft.objects.create(owner=colleague, data={"account": ["Van een collega"]})
    page = client.get("/signalen/concepten/").content.decode()
    assert "Twee jonge vrouwen" in page and "ZK-2026-17" in page and "Van een collega" not in page


def test_someone_elses_draft_is_not_found(client, world):
    colleague = world.person("owner", "intake")
    theirs = Draft.objects.create(owner=colleague, data={"account": ["Geheim"]})
    assert client.get(f"/signalen/nieuw/?concept={theirs.pk}").status_code == 404
    assert client.post("/signalen/nieuw/", intake_data(action="draft", concept=theirs.pk)).status_code == 404
    assert client.post("/signalen/nieuw/", intake_data(concept=theirs.pk)).status_code == 404
    assert client.post("/signalen/concepten/", {"discard": theirs.pk}).status_code == 404
    assert client.get("/signalen/nieuw/?concept=abc").status_code == 404
    theirs.refresh_from_db()
    assert theirs.data == {"account": ["Geheim"]} and not Signal.objects.exists()


def test_submitting_from_a_draft_deletes_the_draft(client):
    client.post("/signalen/nieuw/", intake_data(action="draft"))
    draft = Draft.objects.get()
    response = client.post("/signalen/nieuw/", intake_data(concept=draft.pk))
    assert response.status_code == 302 and Signal.objects.count() == 1 and not Draft.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="signals.draft", object_id=str(draft.pk)).exists()


def test_a_refused_submission_keeps_the_draft(client):
    client.post("/signalen/nieuw/", intake_data(action="draft"))
    draft = Draft.objects.get()
    response = client.post("/signalen/nieuw/", intake_data(concept=draft.pk, account=""))
    assert response.status_code == 400 and Draft.objects.filter(pk=draft.pk).exists()
    assert f'name="concept" value="{draft.pk}"' in response.content.decode()


def test_a_draft_can_be_deleted(client):
    client.post("/signalen/nieuw/", intake_data(action="draft"))
    draft = Draft.objects.get()
    response = client.post("/signalen/concepten/", {"discard": draft.pk})
    assert response.status_code == 302 and not Draft.objects.exists()


def test_background_autosave_answers_json(client):
    response = client.post("/signalen/nieuw/", intake_data(action="draft"), headers={"X-Samen-Autosave": "1"})
    assert response.status_code == 200 and response.json()["concept"] == Draft.objects.get().pk


# --- detail ------------------------------------------------------------------------------------------------------


def test_detail_shows_everything_and_explains_the_triage(client):
    response = client.post("/signalen/nieuw/", intake_data())
    signal = Signal.objects.get()
    page = client.get(response.url).content.decode()
    assert signal.reference in page and ACCOUNT in page and "Anna Visser" in page and "De Baas" in page
    assert "NL91ABNA0417164300" in page and "NL00 FOUT" in page and "niet herkend: " in page
    assert "example.nl/ad/1" in page and "@anna_nl" in page
    assert "Waarom deze urgentie" in page and 'data-testid="triage-scores"' in page
    # Each indicator that drove the score, with its weight: sexual 2 + 2 = 4, labour 3.
    assert "Heeft nieuwe contacten die veel ouder zijn, of wordt opgehaald bij school (2)" in page
    assert "Een ander houdt het paspoort of ID-bewijs vast (3)" in page
    assert "Utrecht (GM0344)" in page and "Station" in page
    assert 'data-testid="history"' in page


def test_every_detail_view_is_audited_with_the_data_subjects(client, signal):
    client.get(f"/signalen/{signal.pk}/")
    event = AuditEvent.objects.filter(action="read", object_type="signals.signal", object_id=str(signal.pk)).get()
    assert event.purpose == "signal-intake" and len(event.subjects) == signal.persons.count() == 1


def test_detail_of_an_unknown_signal_is_404(client):
    assert client.get("/signalen/999999/").status_code == 404


# --- edit and status ---------------------------------------------------------------------------------------------


def _edit_data(signal, **overrides) -> dict:
    data = {
        "account": signal.account,
        "forms": list(signal.forms.values_list("code", flat=True)),
        "indicators_sexual": ["sexual-older-contacts-pickup"],
        "municipality": "GM0344",
        "place_type": "station",
        "minor_involved": signal.minor_involved,
        "own_reference": signal.own_reference,
    }
    data.update(overrides)
    return data


def test_edit_page_shows_the_current_values(client, signal):
    page = client.get(f"/signalen/{signal.pk}/bewerken/").content.decode()
    assert signal.account in page and 'value="Utrecht"' in page and 'value="ZK-1"' in page
    assert 'value="sexual-older-contacts-pickup" id="id_indicators_sexual_' in page


def test_edit_appends_history_and_recomputes_triage(client, signal, intake_user):
    assert signal.urgency == "normal"
    labour = ["labour-id-retained", "labour-debt-bondage", "labour-excessive-hours"]
    response = client.post(
        f"/signalen/{signal.pk}/bewerken/",
        _edit_data(signal, indicators_labour=labour, own_reference="ZK-2", account="Nieuw verslag."),
    )
    assert response.status_code == 302 and response.url == f"/signalen/{signal.pk}/"
    signal.refresh_from_db()
    assert signal.urgency == "high" and signal.triage["scores"]["labour"] == 7
    assert signal.own_reference == "ZK-2" and signal.account == "Nieuw verslag."
    assert "labour" in signal.forms.values_list("code", flat=True)
    events = list(signal.events.values_list("kind", "fields"))
    assert events[0][0] == "created"
    assert events[-1] == ("edited", ["account", "forms", "indicators", "own_reference", "urgency"])
    assert SignalEvent.objects.filter(signal=signal).count() == 2
    audit = AuditEvent.objects.filter(action="update", object_type="signals.signal", object_id=str(signal.pk)).get()
    assert audit.actor_id == str(intake_user.pk) and audit.reason.startswith("edit:account,")
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Uw wijzigingen zijn opgeslagen" in page and "Eigen kenmerk" in page


def test_saving_without_changes_writes_nothing(client, signal):
    response = client.post(f"/signalen/{signal.pk}/bewerken/", _edit_data(signal))
    assert response.status_code == 302 and signal.events.count() == 1


def test_an_edit_with_errors_keeps_the_typed_values(client, signal):
    response = client.post(f"/signalen/{signal.pk}/bewerken/", _edit_data(signal, municipality="Atlantis", account="X"))
    page = response.content.decode()
    assert response.status_code == 400 and 'value="Atlantis"' in page and ">\nX</textarea>" in page
    assert signal.events.count() == 1


def test_an_edit_on_a_stale_page_is_refused(client, signal, intake_user):
    seen = signal.events.get().pk
    client.post(f"/signalen/{signal.pk}/status/", {"status": "in-progress"})
    response = client.post(f"/signalen/{signal.pk}/bewerken/", _edit_data(signal, account="Oud", seen_event=seen))
    assert response.status_code == 400 and "Iemand anders heeft dit signaal gewijzigd" in response.content.decode()


def test_status_workflow(client, signal):
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert 'value="in-progress"' in page and 'value="received"' not in page
    assert client.post(f"/signalen/{signal.pk}/status/", {"status": "in-progress"}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == "in-progress"
    response = client.post(f"/signalen/{signal.pk}/status/", {"status": "in-progress"}, follow=True)
    assert "Deze statuswijziging is nu niet mogelijk" in response.content.decode()
    client.post(f"/signalen/{signal.pk}/status/", {"status": "handled"})
    statuses = list(signal.events.filter(kind="status").values_list("from_status", "to_status"))
    assert statuses == [("received", "in-progress"), ("in-progress", "handled")]
    assert client.get(f"/signalen/{signal.pk}/status/").status_code == 405


def test_status_of_another_organisations_signal_is_404(world, signal):
    clients = world.clients("intake")
    assert_statuses(clients, "post", f"/signalen/{signal.pk}/status/", {"partner": 404, "unrelated": 404})
    signal.refresh_from_db()
    assert signal.status == "received"


def test_home_page_lists_the_signal_tasks(intake_user):
    page = signed_in(intake_user).get("/").content.decode()
    assert 'href="/signalen/nieuw/"' in page and 'href="/signalen/"' in page
    member = signed_in(UserFactory(roles=["table-member"])).get("/").content.decode()
    assert 'href="/signalen/"' in member and 'href="/signalen/nieuw/"' not in member


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/signalen/nieuw/?concept=²", None),
        ("get", "/signalen/nieuw/?concept=99999999999999999999999", None),
        ("post", "/signalen/nieuw/", {"action": "draft", "account": "nul\x00teken", "person-0-name": "\x00"}),
        ("post", "/signalen/nieuw/", {"action": "submit", "account": "nul\x00teken", "forms": ["bestaat-niet"]}),
        ("post", "/signalen/nieuw/", {"action": "submit", "account": "x", "person-0-estimated_age": "9" * 30}),
        ("post", "/signalen/nieuw/", {"action": "submit", "account": "x", "person-0-date_of_birth": "01-01-0001"}),
        ("post", "/signalen/concepten/", {"discard": "abc"}),
        ("get", "/signalen/?page=99999&q=%00", None),
    ],
)
def test_odd_input_never_gives_a_500(client, method, url, data):
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code < 500


def test_a_stale_marker_that_is_not_a_number_is_ignored(client, signal):
    response = client.post(f"/signalen/{signal.pk}/bewerken/", _edit_data(signal, account="Nieuw", seen_event="²"))
    assert response.status_code == 302
