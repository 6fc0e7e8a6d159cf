"""The public, anonymous report form: stored before the receipt shows, 112 on danger, abuse limits, no 500."""

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEvent
from samen.signals.models import Attachment, RateLimitBucket, Receipt, Signal, SignalEvent
from samen.signals.views_public import client_address
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HOSTILE_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "checks" / "lib" / "hostile-inputs.json"
# The same kinds of input as the shared contract check, for machines where that file is not beside the project.
HOSTILE_FALLBACK = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE signals_signal; --",
    "A" * 200_000,
    "\u202e\x00 nul and bidi",
    "Ｓｉｇｎａａｌ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧨" * 50,
    "{{7*7}} ${7*7} {% debug %}",
    "../../../../etc/passwd",
    "0612345678\n\r\nSet-Cookie: x=y",
    "-1",
    "9999-99-99",
    "GM99999",
    "javascript:alert(1)",
    "%00%0a%0d",
    "🙂" * 10_000,
]
HOSTILE = json.loads(HOSTILE_FILE.read_text()) if HOSTILE_FILE.exists() else HOSTILE_FALLBACK
TEXT_FIELDS = [
    "immediate_danger",
    "account",
    "observed_on",
    "municipality",
    "place_type",
    "exploitation_forms",
    "minor_involved",
    "victim_name",
    "victim_age",
    "victim_gender",
    "perpetrator_name",
    "phones",
    "plates",
    "addresses",
    "online",
]
FORM_URL = "/melden/"
STATUS_URL = "/melden/status/"


@pytest.fixture
def intake(settings):
    organisation = OrganisationFactory(name="Centraal meldpunt (test)")
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = organisation.name
    return organisation


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def valid(**overrides) -> dict:
    data = {
        "immediate_danger": "no",
        "account": "Op een bedrijventerrein slapen arbeiders in containers en hun paspoorten worden ingehouden.",
        "observed_on": "03-02-2026",
        "municipality": "Utrecht",
        "place_type": "business-park",
        "exploitation_forms": ["labour"],
        "minor_involved": "unknown",
        "victim_name": "",
        "victim_age": "",
        "victim_gender": "",
        "perpetrator_name": "",
        "phones": "",
        "plates": "",
        "addresses": "",
        "online": "",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client: Client, **overrides):
    return client.post(FORM_URL, valid(**overrides))


def receipt_of(response) -> tuple[str, str]:
    html = response.content.decode()
    code = re.search(r'data-testid="receipt-code">([^<]+)<', html).group(1)
    phrase = re.search(r'data-testid="secret-phrase">([^<]+)<', html).group(1)
    return code, phrase


def test_the_form_asks_about_danger_first_and_states_privacy(client):
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="immediate_danger"' in html
    assert html.index('name="immediate_danger"') < html.index('name="account"')
    assert "Is iemand nu in gevaar?" in html and 'href="tel:112"' in html
    assert "IP-adres" in html and "centrale meldpunt" in html
    assert 'enctype="multipart/form-data"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_plain_visit_sets_no_cookie_but_the_form_protection(client):
    response = client.get(FORM_URL)
    assert set(response.cookies) <= {"csrftoken"}


def test_the_quick_exit_is_a_plain_link_to_the_configured_neutral_site(client, settings):
    settings.SAMEN_QUICK_EXIT_URL = "https://nos.nl/"
    for url in (FORM_URL, STATUS_URL, "/en/report/"):
        html = client.get(url).content.decode()
        assert re.search(r'<a class="quick-exit" href="https://nos.nl/"[^>]*data-quick-exit', html), url
        assert "samen/quick-exit.js" in html


def test_the_municipality_field_offers_names_while_typing_without_javascript(client):
    html = client.get(FORM_URL).content.decode()
    assert 'list="municipality-names"' in html
    assert '<option value="Utrecht">' in html and '<option value="Amsterdam">' in html


def test_a_submission_is_stored_before_the_confirmation_shows(client, intake):
    response = submit(client, phones="06 12345678", perpetrator_name="De baas", victim_age="17")
    assert response.status_code == 200
    code, phrase = receipt_of(response)
    signal = Signal.objects.get()
    assert signal.channel == "public-form" and signal.organisation == intake and signal.reporter is None
    assert signal.source_type.code == "anonymous-citizen"
    assert signal.municipality.code == "GM0344" and signal.place_type.code == "business-park"
    assert list(signal.forms.values_list("code", flat=True)) == ["labour"]
    assert signal.observed_on.isoformat() == "2026-02-03"
    assert signal.minor_involved == "yes"  # an estimated age under 18 makes it so
    assert {(p.role, p.name, p.estimated_age) for p in signal.persons.all()} == {
        ("possible-victim", "", 17),
        ("possible-perpetrator", "De baas", None),
    }
    assert signal.identifiers.get(kind="phone").normalised == "+31612345678"
    assert Receipt.objects.get(signal=signal).code == code
    assert phrase not in response.get("Location", "") and phrase not in str(client.session.items())
    assert "no-store" in response["Cache-Control"]


def test_the_submission_writes_an_audit_event(client, intake):
    submit(client)
    signal = Signal.objects.get()
    assert AuditEvent.objects.filter(
        action="create", object_type="signals.signal", object_id=str(signal.pk), purpose="signal-intake"
    ).exists()


def test_online_identifiers_are_stored_as_handles_or_addresses(client, intake):
    submit(client, online="@baas_nl\nhttps://advertenties.example/ad/1", plates="12-abc-3", addresses="Dorpsweg 1")
    kinds = sorted(Signal.objects.get().identifiers.values_list("kind", flat=True))
    assert kinds == ["address", "handle", "plate", "url"]


def test_danger_shows_112_on_the_confirmation(client, intake):
    response = submit(client, immediate_danger="yes")
    html = response.content.decode()
    assert 'data-testid="danger-112"' in html and "Bel" in html and "112" in html
    assert Signal.objects.get().urgency == "acute"


def test_danger_shows_112_on_the_form_with_errors(client, intake):
    response = submit(client, immediate_danger="yes", account="")
    assert response.status_code == 400
    assert 'data-testid="danger-112"' in response.content.decode()
    assert not Signal.objects.exists()


def test_errors_are_dutch_next_to_the_field_and_in_the_summary_and_typed_values_stay(client, intake):
    response = submit(
        client, immediate_danger="", account="", municipality="Nergenshuizen", victim_age="oud", victim_name="Mila"
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    for message in (
        "Kies ja of nee: is iemand nu in gevaar?",
        "Schrijf op wat u heeft gezien.",
        "Er is geen gemeente met deze naam of CBS-code",
        "Vul een leeftijd in jaren in, bijvoorbeeld 25.",
    ):
        assert html.count(message) == 2, message  # in the summary and next to the field
    assert 'value="Nergenshuizen"' in html and 'value="Mila"' in html and 'value="oud"' in html
    assert not Signal.objects.exists()


def test_a_future_date_from_the_service_lands_next_to_its_field(client, intake):
    response = submit(client, observed_on="01-01-2999")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_observed_on_error"><p>Deze datum ligt in de toekomst.' in html


def test_too_many_identifier_lines_are_refused_clearly(client, intake):
    response = submit(client, phones="\n".join(f"06 1234567{n}" for n in range(10)) + "\n06 87654321")
    assert response.status_code == 400
    assert "Vul hooguit 10 regels in." in response.content.decode()


def test_the_english_page_is_in_english(client):
    response = client.get("/en/report/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "Report a suspicion of human trafficking" in html and "Is someone in danger right now?" in html
    assert 'action="/en/report/"' in html
    with translation.override("nl"):
        assert reverse("signals_public:form") == FORM_URL
    with translation.override("en"):
        assert reverse("signals_public:form") == "/en/report/"


def test_the_english_form_submits_and_answers_in_english(client, intake):
    response = client.post("/en/report/", valid(account=""))
    assert response.status_code == 400 and "Describe what you saw." in response.content.decode()
    response = client.post("/en/report/", valid())
    assert response.status_code == 200 and "Write down these two codes now" in response.content.decode()


def test_the_receipt_opens_the_status_and_adds_information(client, intake):
    code, phrase = receipt_of(submit(client))
    # Typed as a person might: lower case, spaces instead of dashes.
    response = client.post(STATUS_URL, {"code": code.lower().replace("-", " "), "phrase": phrase.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-testid="report-status"><strong>Ontvangen</strong>', html)
    assert "Jonge vrouw" not in html and "paspoorten" not in html  # nothing of the content itself
    response = client.post(
        STATUS_URL, {"step": "add", "code": code, "phrase": phrase, "text": "De bus komt elke ochtend om zes uur."}
    )
    assert response.status_code == 200 and 'data-testid="information-added"' in response.content.decode()
    event = SignalEvent.objects.get(kind="addition")
    assert event.text == "De bus komt elke ochtend om zes uur." and event.signal == Signal.objects.get()
    assert AuditEvent.objects.filter(action="update", reason="reporter-addition").exists()


def test_the_status_follows_the_signal(client, intake):
    code, phrase = receipt_of(submit(client))
    Signal.objects.update(status="in-progress")
    html = client.post(STATUS_URL, {"code": code, "phrase": phrase}).content.decode()
    assert re.search(r'data-testid="report-status"><strong>In behandeling</strong>', html)


def test_empty_addition_is_refused_and_the_receipt_stays_in_the_post_body(client, intake):
    code, phrase = receipt_of(submit(client))
    response = client.post(STATUS_URL, {"step": "add", "code": code, "phrase": phrase, "text": "  "})
    html = response.content.decode()
    assert response.status_code == 400 and "Schrijf op wat u wilt toevoegen." in html
    assert f'type="hidden" name="phrase" value="{phrase}"' in html
    assert not SignalEvent.objects.filter(kind="addition").exists()


@pytest.mark.parametrize("wrong", ["code", "phrase"])
def test_a_wrong_code_or_phrase_is_refused_with_one_message(client, intake, wrong):
    code, phrase = receipt_of(submit(client))
    receipt = {"code": code, "phrase": phrase, wrong: "ABCDE-FGHJK" if wrong == "code" else "AAAA-BBBB-CCCC-DDDD-EEEE"}
    for data in (receipt, {**receipt, "step": "add", "text": "Meer informatie"}):
        response = client.post(STATUS_URL, data)
        assert response.status_code == 400
        assert "De ontvangstcode of de geheime zin klopt niet." in response.content.decode()
    assert not SignalEvent.objects.filter(kind="addition").exists()


def test_the_status_page_asks_for_the_receipt_and_has_no_receipt_in_its_url(client):
    response = client.get(STATUS_URL)
    html = response.content.decode()
    assert response.status_code == 200 and 'method="post"' in html and 'name="phrase"' in html
    with translation.override("nl"):
        assert reverse("signals_public:status") == STATUS_URL
    assert client.get("/en/report/status/").status_code == 200


def test_the_rate_limit_answers_429_in_dutch_while_other_clients_are_served(client, intake, settings):
    settings.SAMEN_PUBLIC_REPORT_LIMIT = 2
    for _ in range(2):
        assert submit(client).status_code == 200
    response = submit(client, account="Mijn derde melding vandaag")
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "U heeft in korte tijd veel meldingen gedaan" in html
    assert "Mijn derde melding vandaag" in html  # what was typed stays
    assert Signal.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert submit(other).status_code == 200
    assert Signal.objects.count() == 3


def test_the_rate_limit_never_stores_the_address(client, intake):
    submit(client)
    stored = json.dumps(list(RateLimitBucket.objects.values()), default=str)
    assert "127.0.0.1" not in stored


def test_the_status_check_is_rate_limited_too(client, intake):
    for _ in range(20):
        client.post(STATUS_URL, {"code": "ABCDE-FGHJK", "phrase": "x"})
    response = client.post(STATUS_URL, {"code": "ABCDE-FGHJK", "phrase": "x"})
    assert response.status_code == 429
    assert "U heeft het in korte tijd vaak geprobeerd" in response.content.decode()


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "198.51.100.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        # A client that writes its own X-Forwarded-For does not get to choose its address.
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}, "203.0.113.9"),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_configured_proxies(rf, settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(rf.get("/", **meta)) == expected


def test_the_honeypot_pretends_success_and_stores_nothing(client, intake):
    response = submit(client, website="https://spam.example")
    html = response.content.decode()
    assert response.status_code == 200 and "Uw melding is ontvangen" in html
    assert 'data-testid="receipt-code"' not in html
    assert not Signal.objects.exists() and not Receipt.objects.exists()


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(client):
    html = client.get(FORM_URL).content.decode()
    trap = re.search(r'<div class="form-trap" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert "Laat dit veld leeg" in trap and 'tabindex="-1"' in trap and "style=" not in trap


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (16, 16), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testcamera"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 5.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (5.0, 7.0, 12.0),
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really has GPS
    return data


def _upload(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_exif_and_gps_are_stripped_from_an_uploaded_photo(client, intake, media):
    response = client.post(FORM_URL, {**valid(), "attachments": [_upload("foto.jpg", _jpeg_with_gps())]})
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    stored = Path(attachment.file.path).read_bytes()
    assert b"Exif" not in stored and b"Testcamera" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (16, 16)
    assert str(media) in attachment.file.path


def test_an_oversized_file_is_refused_with_a_clear_message(client, intake, media):
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    response = client.post(FORM_URL, {**valid(), "attachments": [_upload("groot.pdf", big)]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "groot.pdf: Een bestand mag hooguit 10 MB groot zijn." in html
    assert 'data-testid="choose-files-again"' in html
    assert not Signal.objects.exists()


def test_wrong_file_types_and_too_many_files_are_refused(client, intake, media):
    response = client.post(FORM_URL, {**valid(), "attachments": [_upload("virus.exe", b"MZ\x90\x00")]})
    assert response.status_code == 400
    assert "U kunt alleen foto&#x27;s (JPEG, PNG) en PDF-bestanden toevoegen." in response.content.decode()
    files = [_upload(f"doc{n}.pdf", b"%PDF-1.4\n") for n in range(6)]
    response = client.post(FORM_URL, {**valid(), "attachments": files})
    assert response.status_code == 400 and "U kunt hooguit 5 bestanden toevoegen." in response.content.decode()
    assert not Signal.objects.exists()


def test_a_file_name_with_nul_and_odd_characters_never_crashes(client, intake, media):
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="immediate_danger"\r\n\r\nno\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="account"\r\n\r\nGezien bij het station.\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="attachments"; filename="a\x00b\xed\xa0\x80.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--XX--\r\n"
    )
    response = client.post(FORM_URL, body, content_type="multipart/form-data; boundary=XX")
    assert response.status_code == 200
    assert all(name.isprintable() for name in Attachment.objects.values_list("original_name", flat=True))


@pytest.fixture
def unlimited(settings):
    settings.SAMEN_PUBLIC_REPORT_LIMIT = 100_000


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_hostile_input_in_every_field_gives_400_or_200(client, intake, unlimited, field):
    for payload in HOSTILE:
        response = submit(client, **{field: payload})
        assert response.status_code in (200, 400), (field, payload[:40], response.status_code)
        if "<script>" in payload:
            assert b"<script>alert" not in response.content


def test_hostile_input_in_every_field_at_once_and_in_the_status_form(client, intake, unlimited):
    for number, payload in enumerate(HOSTILE):
        data = dict.fromkeys(TEXT_FIELDS, payload)
        assert client.post(FORM_URL, data).status_code in (200, 400)
        for step in ("", "add"):
            data = {"step": step, "code": payload, "phrase": payload, "text": payload}
            response = client.post(STATUS_URL, data, REMOTE_ADDR=f"192.0.2.{number}")
            assert response.status_code == 400


@pytest.mark.parametrize(
    "raw",
    [
        "account=%00%ED%A0%80&immediate_danger=no",
        "account=ok&immediate_danger=%ED%A0%80&municipality=%FF%FE",
        "immediate_danger=no&account=x&exploitation_forms=%00&exploitation_forms=labour",
    ],
)
def test_undecodable_bytes_and_lone_surrogates_never_crash(client, intake, raw):
    response = client.post(FORM_URL, raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    response = client.post(STATUS_URL, raw.replace("account", "code"), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


# Lone surrogates cannot be encoded by the test client; they are sent as raw bytes in the test above.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, any_text)))
def test_no_text_in_any_field_yields_a_server_error(client, intake, unlimited, values):
    response = client.post(FORM_URL, values)
    assert response.status_code in (200, 400)
