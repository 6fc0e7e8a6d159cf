"""The Wegwijzer's admin pages: who may use them, the directory of contacts with its 12-month check, texts per
language, and rule versions from draft through preview to publication."""

from datetime import date, timedelta

import pytest
import time_machine

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from samen.audit.models import AuditEvent
from samen.geo.models import Region
from samen.guide import forms_admin, rules_text
from samen.guide.choices import AGES, FORMS, ORIGINS, WHO
from samen.guide.models import Contact, RuleSet
from samen.guide.routing import Answers, route
from samen.guide.rules_text import rules_to_text
from samen.guide.services import ruleset_draft, ruleset_published
from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    "intake",
    "table-member",
    "table-chair",
    "analyst",
    "care-coordinator",
    "programme-staff",
    "privacy-officer",
]


@pytest.fixture(autouse=True)
def dutch():
    """Each test starts in Dutch: a request to an English page leaves English active in the test's thread."""
    with translation.override("nl"):
        yield


@pytest.fixture
def admin():
    return UserFactory(roles=["functional-admin"], first_name="Fenna")


@pytest.fixture
def client(admin):
    return signed_in(admin)


@pytest.fixture
def police():
    return Contact.objects.get(kind="police")


@pytest.fixture
def draft(admin):
    published = ruleset_published()
    police_first = {
        "name": "police first",
        "when": {},
        "advise": [{"kind": "police", "why": {"nl": "Bel de politie."}}],
    }
    return ruleset_draft(rules=[police_first, *published.rules], note="politie eerst", by=admin)


def _urls(contact: Contact, ruleset: RuleSet) -> dict[str, tuple[str, str]]:
    return {
        "home": ("get", reverse("guide_admin:home")),
        "contacts": ("get", reverse("guide_admin:contacts")),
        "contact_new": ("get", reverse("guide_admin:contact_new")),
        "contact_edit": ("get", reverse("guide_admin:contact_edit", args=[contact.pk])),
        "contact_active": ("post", reverse("guide_admin:contact_active", args=[contact.pk])),
        "texts": ("get", reverse("guide_admin:texts", args=["pl"])),
        "contact_text": ("get", reverse("guide_admin:contact_text", args=[contact.pk, "pl"])),
        "question_text": ("get", reverse("guide_admin:question_text", args=["who", "pl"])),
        "rules": ("get", reverse("guide_admin:rules")),
        "rules_new": ("get", reverse("guide_admin:rules_new")),
        "rules_detail": ("get", reverse("guide_admin:rules_detail", args=[ruleset.pk])),
        "rules_edit": ("get", reverse("guide_admin:rules_edit", args=[ruleset.pk])),
        "rules_preview": ("get", reverse("guide_admin:rules_preview", args=[ruleset.pk])),
        "rules_publish": ("get", reverse("guide_admin:rules_publish", args=[ruleset.pk])),
    }


VIEWS = [
    "home",
    "contacts",
    "contact_new",
    "contact_edit",
    "contact_active",
    "texts",
    "contact_text",
    "question_text",
    "rules",
    "rules_new",
    "rules_detail",
    "rules_edit",
    "rules_preview",
    "rules_publish",
]


# Permissions --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_the_functional_admin_may_use_every_admin_page(client, police, draft, view):
    method, url = _urls(police, draft)[view]
    response = getattr(client, method)(url)
    # The one POST (stop advising) redirects to the list after doing its work.
    assert response.status_code == (302 if method == "post" else 200), response.status_code


@pytest.mark.parametrize("view", VIEWS)
def test_other_roles_are_refused_and_it_is_logged(police, draft, view):
    method, url = _urls(police, draft)[view]
    for role in OTHER_ROLES:
        response = getattr(signed_in(UserFactory(roles=[role])), method)(url)
        assert response.status_code == 403, (role, response.status_code)
    refusals = AuditEvent.objects.filter(action="denied", reason="missing permission guide.manage_guide")
    assert refusals.count() == len(OTHER_ROLES)
    police.refresh_from_db()
    assert police.is_active


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(police, draft, view):
    method, url = _urls(police, draft)[view]
    response = getattr(Client(), method)(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_admin_pages_have_dutch_and_english_addresses(client):
    assert reverse("guide_admin:contacts") == "/wegwijzer-beheer/contacten/"
    assert reverse("guide_admin:rules") == "/wegwijzer-beheer/regels/"
    assert client.get("/en/guide-admin/rules/").status_code == 200


def test_unknown_objects_and_languages_answer_404(client, police):
    assert client.get(reverse("guide_admin:contact_edit", args=[999999])).status_code == 404
    assert client.get(reverse("guide_admin:rules_detail", args=[999999])).status_code == 404
    assert client.get(reverse("guide_admin:texts", args=["xx"])).status_code == 404
    assert client.get(reverse("guide_admin:contact_text", args=[police.pk, "xx"])).status_code == 404


# Contacts -----------------------------------------------------------------------------------------------------------


def _contact_data(**overrides) -> dict:
    data = {
        "kind": "care-coordinator",
        "region": "",
        "name": "Zorgcoördinatie Testregio",
        "phone": "030-1234567",
        "url": "https://zorg.example.org",
        "chat_url": "",
        "walk_in": "",
        "languages": "nl, EN",
        "description_nl": "Helpt slachtoffers in de regio.",
        "hours_nl": "Werkdagen",
        "description_en": "Helps victims in the region.",
        "checked_today": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_contact_list_shows_kind_region_name_phone_and_last_check(client, police):
    page = client.get(reverse("guide_admin:contacts")).content.decode()
    assert "Politie" in page and "0900-8844" in page and "police" in page
    assert police.last_verified.strftime("%d-%m-%Y") in page


def test_the_admin_adds_a_regional_contact(client, admin):
    region = Region.objects.get(code="zc-amsterdam")
    response = client.post(reverse("guide_admin:contact_new"), _contact_data(region=region.pk))
    assert response.status_code == 302
    contact = Contact.objects.get(name="Zorgcoördinatie Testregio")
    assert contact.region == region and contact.languages == "nl,en"
    assert contact.last_verified == timezone.localdate()
    assert contact.translations == {
        "nl": {"description": "Helpt slachtoffers in de regio.", "hours": "Werkdagen"},
        "en": {"description": "Helps victims in the region."},
    }
    event = AuditEvent.objects.get(action="create", object_type="guide.contact", object_id=str(contact.pk))
    assert event.actor_id == str(admin.pk)
    # The engine now advises it for a visitor in Amsterdam.
    advice = route(ruleset_published().rules, Answers(who="victim", danger=False, age="adult", municipality="GM0363"))
    assert advice[0].contact == contact and advice[0].regional


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dit veld is verplicht."),
        ({"phone": "bel ons"}, "phone", forms_admin.PHONE_INVALID),
        ({"url": "http://zorg.example.org"}, "url", forms_admin.URL_INVALID),
        ({"url": "//evil.example.org"}, "url", forms_admin.URL_INVALID),
        ({"url": "javascript:alert(1)"}, "url", forms_admin.URL_INVALID),
        ({"chat_url": "/chat/"}, "chat_url", forms_admin.CHAT_URL_INVALID),
        ({"languages": "nederlands"}, "languages", forms_admin.LANGUAGES_INVALID),
        ({"phone": "", "url": ""}, "phone", forms_admin.NO_WAY_TO_REACH),
        ({"description_nl": "", "description_en": ""}, "description_nl", forms_admin.NEEDS_DUTCH_OR_ENGLISH),
        ({"checked_today": None}, "checked_today", forms_admin.CHECK_BEFORE_ADDING),
        ({"kind": "unicorn"}, "kind", None),
    ],
)
def test_a_contact_with_a_problem_is_refused_with_a_dutch_message_and_kept(client, overrides, field, message):
    data = _contact_data(**overrides)
    response = client.post(reverse("guide_admin:contact_new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message is not None:
        assert str(message) in form.errors[field]
    page = response.content.decode()
    assert 'id="error-summary"' in page and "Verbeter het volgende" in page
    # What was typed is still there.
    assert 'value="030-1234567"' in page or "phone" in overrides
    assert "Helpt slachtoffers in de regio." in page or "description_nl" in overrides
    assert not Contact.objects.filter(name="Zorgcoördinatie Testregio").exists()


def test_messages_are_dutch(client):
    response = client.post(reverse("guide_admin:contact_new"), _contact_data(phone="bel ons"))
    assert "Vul een telefoonnummer in" in response.content.decode()


def test_a_region_only_fits_a_regional_kind_of_the_same_region_kind(client):
    care = Region.objects.get(code="zc-amsterdam")
    veilig_thuis = Region.objects.filter(kind="veilig_thuis_region").first()
    national = client.post(reverse("guide_admin:contact_new"), _contact_data(kind="police", region=care.pk))
    assert str(forms_admin.REGION_NOT_REGIONAL) in national.context["form"].errors["region"]
    wrong = client.post(reverse("guide_admin:contact_new"), _contact_data(region=veilig_thuis.pk))
    assert "region" in wrong.context["form"].errors
    assert client.post(reverse("guide_admin:contact_new"), _contact_data(region=care.pk)).status_code == 302
    twice = client.post(reverse("guide_admin:contact_new"), _contact_data(region=care.pk, name="Nog een"))
    assert "Zorgcoördinatie Testregio" in twice.context["form"].errors["region"][0]


def _edit_data(contact: Contact, **overrides) -> dict:
    data = {key: value for key, value in forms_admin.ContactForm.initial_for(contact).items() if value is not None}
    data["can_be_anonymous"] = "on" if contact.can_be_anonymous else ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in (None, False)}


def test_the_admin_changes_a_phone_number_and_marks_it_checked(admin, police):
    with time_machine.travel(date(2028, 3, 1)):
        response = signed_in(admin).post(
            reverse("guide_admin:contact_edit", args=[police.pk]),
            _edit_data(police, phone="0900 - 8844 1", checked_today="on"),
        )
        assert response.status_code == 302
        police.refresh_from_db()
        assert police.phone == "0900 - 8844 1" and police.last_verified == date(2028, 3, 1)
    event = AuditEvent.objects.get(action="update", object_type="guide.contact", object_id=str(police.pk))
    assert event.reason == "checked today"


def test_saving_without_checked_today_keeps_the_last_check(client, police):
    before = police.last_verified
    response = client.post(
        reverse("guide_admin:contact_edit", args=[police.pk]), _edit_data(police, walk_in="Op afspraak")
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.walk_in == "Op afspraak" and police.last_verified == before
    # The texts the form did not change stay as they were.
    assert police.translations["nl"]["description"].startswith("Voor vragen")


def test_an_edit_with_an_error_keeps_what_was_typed(client, police):
    response = client.post(
        reverse("guide_admin:contact_edit", args=[police.pk]),
        _edit_data(police, phone="bel ons", hours_pl="Codziennie"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="bel ons"' in page and "Codziennie" in page
    police.refresh_from_db()
    assert police.phone == "0900-8844"


def test_contacts_not_checked_in_twelve_months_are_flagged(admin, police):
    verified = police.last_verified
    with time_machine.travel(verified + timedelta(days=365)):
        client = signed_in(admin)
        assert "niet gecontroleerd in 12 maanden" not in client.get(reverse("guide_admin:contacts")).content.decode()
        assert police.pk not in [c.pk for c in client.get(reverse("guide_admin:home")).context["stale"]]
    with time_machine.travel(verified + timedelta(days=366)):
        client = signed_in(admin)
        listing = client.get(reverse("guide_admin:contacts")).content.decode()
        assert "niet gecontroleerd in 12 maanden" in listing
        home = client.get(reverse("guide_admin:home"))
        assert police.pk in [contact.pk for contact in home.context["stale"]]
        assert "Politie" in home.content.decode()
        # Checking it today takes it off the list.
        client.post(reverse("guide_admin:contact_edit", args=[police.pk]), _edit_data(police, checked_today="on"))
        assert police.pk not in [c.pk for c in client.get(reverse("guide_admin:home")).context["stale"]]


def test_a_contact_is_taken_out_of_the_advice_and_back(client):
    region = Region.objects.get(code="zc-amsterdam")
    client.post(reverse("guide_admin:contact_new"), _contact_data(region=region.pk))
    contact = Contact.objects.get(name="Zorgcoördinatie Testregio")
    assert client.post(reverse("guide_admin:contact_active", args=[contact.pk])).status_code == 302
    contact.refresh_from_db()
    assert not contact.is_active
    advice = route(ruleset_published().rules, Answers(who="victim", danger=False, age="adult", municipality="GM0363"))
    assert advice[0].contact != contact
    client.post(reverse("guide_admin:contact_active", args=[contact.pk]), {"active": "1"})
    contact.refresh_from_db()
    assert contact.is_active


def test_the_last_contact_of_an_advised_kind_cannot_be_taken_out(client, police):
    response = client.post(reverse("guide_admin:contact_active", args=[police.pk]), follow=True)
    police.refresh_from_db()
    assert police.is_active
    assert "het enige actieve contact" in response.content.decode()


def test_a_text_per_language_is_saved_and_an_empty_one_shows_english_pending(client, admin):
    fairwork = Contact.objects.get(kind="fairwork")
    answers = Answers(who="victim", danger=False, form="labour", age="adult", lang="pl")

    def fairwork_advice():
        return next(a for a in route(ruleset_published().rules, answers) if a.kind == "fairwork")

    assert fairwork_advice().pending and fairwork_advice().description.startswith("Help for")
    texts = client.get(reverse("guide_admin:texts", args=["pl"])).content.decode()
    assert "FairWork" in texts and "vertaling volgt" in texts
    url = reverse("guide_admin:contact_text", args=[fairwork.pk, "pl"])
    assert client.post(url, {"description": "Pomoc dla pracowników.", "hours": "Dni robocze"}).status_code == 302
    assert fairwork_advice().description == "Pomoc dla pracowników."
    assert AuditEvent.objects.filter(object_type="guide.contact", object_id=str(fairwork.pk), reason="text pl").exists()
    client.post(url, {"description": "", "hours": ""})
    fairwork.refresh_from_db()
    assert "pl" not in fairwork.translations


def test_the_last_dutch_or_english_text_cannot_be_emptied(client):
    emergency = Contact.objects.get(kind="emergency")
    client.post(reverse("guide_admin:contact_text", args=[emergency.pk, "nl"]), {"description": ""})
    response = client.post(reverse("guide_admin:contact_text", args=[emergency.pk, "en"]), {"description": ""})
    assert response.status_code == 200 and "description" in response.context["form"].errors
    emergency.refresh_from_db()
    assert emergency.translations.get("en")


# Rules --------------------------------------------------------------------------------------------------------------


def test_the_rule_versions_are_listed_with_note_who_and_when(client, draft, admin):
    page = client.get(reverse("guide_admin:rules")).content.decode()
    assert (
        "Versie 1" in page and "Versie 2" in page and "politie eerst" in page and escape(admin.get_full_name()) in page
    )
    assert "concept" in page and "gepubliceerd" in page


def test_a_new_version_starts_from_the_published_rules(client):
    form = client.get(reverse("guide_admin:rules_new")).context["form"]
    assert form.initial["rules"] == rules_to_text(ruleset_published().rules)
    assert rules_text.rules_from_text(form.initial["rules"]) == ruleset_published().rules


def test_draft_preview_publish_changes_what_the_engine_returns(client, admin):
    published = ruleset_published()
    danger = Answers(who="victim", danger=True)
    assert route(published.rules, danger)[0].kind == "emergency"
    text = rules_to_text(
        [{"name": "police first", "when": {}, "advise": [{"kind": "police", "why": {"nl": "Bel de politie."}}]}]
        + published.rules
    )
    response = client.post(reverse("guide_admin:rules_new"), {"note": "politie eerst", "rules": text})
    draft = RuleSet.objects.get(status=RuleSet.Status.DRAFT)
    assert response.url == reverse("guide_admin:rules_preview", args=[draft.pk])
    assert draft.created_by == admin and draft.note == "politie eerst"

    preview = client.get(reverse("guide_admin:rules_preview", args=[draft.pk]), {"who": "victim", "danger": "on"})
    assert preview.context["differs"]
    left, right = preview.context["left"], preview.context["right"]
    assert (left[0].advice.kind, left[0].change) == ("police", "moved")
    assert (right[0].advice.kind, right[0].change) == ("emergency", "moved")
    # Every situation in which police did not already come first changes; the table links to each.
    assert 0 < preview.context["changed_count"] < preview.context["total"]
    first = preview.context["situations"][0]
    assert first["candidate"][0] == "police" and first["published"][0] != "police"
    page = preview.content.decode()
    assert "Het advies verschilt van de gepubliceerde versie." in page and "andere plek" in page
    # Until it is published, visitors get the old rules.
    assert route(ruleset_published().rules, danger)[0].kind == "emergency"

    confirm = client.get(reverse("guide_admin:rules_publish", args=[draft.pk]))
    assert confirm.status_code == 200 and confirm.context["changed_count"] > 0
    assert client.post(reverse("guide_admin:rules_publish", args=[draft.pk])).status_code == 302
    assert ruleset_published().pk == draft.pk
    assert route(ruleset_published().rules, danger)[0].kind == "police"
    published.refresh_from_db()
    assert published.status == RuleSet.Status.RETIRED
    assert AuditEvent.objects.filter(object_type="guide.ruleset", object_id=str(draft.pk), reason="publish").exists()


def test_the_same_rules_preview_as_the_same_advice(client, admin):
    same = ruleset_draft(rules=ruleset_published().rules, note="niets", by=admin)
    preview = client.get(reverse("guide_admin:rules_preview", args=[same.pk]), {"who": "concerned", "form": "labour"})
    assert not preview.context["differs"] and preview.context["changed_count"] == 0
    assert "Het advies is hetzelfde als in de gepubliceerde versie." in preview.content.decode()


def test_a_preview_with_a_removed_kind_marks_it(client, admin):
    rules = [rule for rule in ruleset_published().rules if rule["name"] != "labour exploitation"]
    draft = ruleset_draft(rules=rules, note="zonder inspectie", by=admin)
    preview = client.get(
        reverse("guide_admin:rules_preview", args=[draft.pk]), {"who": "concerned", "form": "labour", "age": "adult"}
    )
    assert ("labour-inspectorate", "removed") in [(row.advice.kind, row.change) for row in preview.context["right"]]
    assert "niet meer geadviseerd" in preview.content.decode()


def test_a_draft_is_edited_and_kept_a_draft(client, draft):
    rules = draft.rules[1:]
    response = client.post(
        reverse("guide_admin:rules_edit", args=[draft.pk]), {"note": "toch niet", "rules": rules_to_text(rules)}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.rules == rules and draft.note == "toch niet" and draft.status == RuleSet.Status.DRAFT
    assert AuditEvent.objects.filter(object_type="guide.ruleset", object_id=str(draft.pk), reason="edit draft").exists()


BROKEN = [
    ("rules: [unclosed", "Dit is geen geldige YAML"),
    (
        "- name: a\n  when: {who: alien}\n  advise: [{kind: police, why: {nl: x}}]",
        "de voorwaarde who='alien' is onbekend",
    ),
    (
        "- name: a\n  when: {colour: red}\n  advise: [{kind: police, why: {nl: x}}]",
        "de voorwaarde colour='red' is onbekend",
    ),
    ("- name: a\n  when: {}\n", "heeft een lijst 'advise' nodig"),
    ("[]", "De regels moeten een lijst zijn"),
    ("just text", "De regels moeten een lijst zijn"),
    ("- name: a\n  when: [who]\n  advise: [{kind: police, why: {nl: x}}]", "'when' moet voorwaarden noemen"),
    ("- name: a\n  advise: [{kind: police, why: Bel maar}]", "'why' moet een tekst per taal geven"),
    ("- name: a\n  advise: [{kind: police, why: {fr: Appelez}}]", "'fr' is geen taal van de inhoud"),
    ("- name: a\n  advise: [{kind: [police], why: {nl: x}}]", "de soort moet een korte code zijn"),
    ("- name: a\n  advise: [{kind: police, why: {nl: x}, phone: 112}]", "onbekende sleutel 'phone'"),
    ("- &a {advise: [{kind: police, why: {nl: x}}]}\n- *a", "Ankers en aliassen"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_invalid_rules_are_refused_with_the_message_next_to_the_field(client, draft, text, message):
    for url in (reverse("guide_admin:rules_new"), reverse("guide_admin:rules_edit", args=[draft.pk])):
        response = client.post(url, {"note": "kapot", "rules": text})
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["rules"])
        assert message in errors, errors
        assert response.context["form"]["rules"].value() == text  # kept as typed
        assert "error-summary" in response.content.decode()
    assert RuleSet.objects.count() == 2
    draft.refresh_from_db()
    assert draft.note == "politie eerst"


def test_the_data_file_shape_can_be_pasted(client):
    text = (
        "version: 9\n"
        + "rules:\n"
        + "\n".join("  " + line for line in rules_to_text(ruleset_published().rules).splitlines())
    )
    assert client.post(reverse("guide_admin:rules_new"), {"note": "geplakt", "rules": text}).status_code == 302


@pytest.mark.parametrize("status", [RuleSet.Status.PUBLISHED, RuleSet.Status.RETIRED])
def test_published_and_retired_versions_cannot_be_edited(client, admin, status):
    ruleset = ruleset_published()
    if status == RuleSet.Status.RETIRED:
        newer = ruleset_draft(rules=ruleset.rules, note="nieuw", by=admin)
        client.post(reverse("guide_admin:rules_publish", args=[newer.pk]))
        ruleset.refresh_from_db()
    assert ruleset.status == status
    before = ruleset.rules
    text = rules_to_text(ruleset.rules[1:])
    response = client.post(reverse("guide_admin:rules_edit", args=[ruleset.pk]), {"note": "stiekem", "rules": text})
    assert response.status_code == 409
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert client.get(reverse("guide_admin:rules_edit", args=[ruleset.pk])).status_code == 409
    assert client.post(reverse("guide_admin:rules_publish", args=[ruleset.pk])).status_code == 409
    ruleset.refresh_from_db()
    assert ruleset.rules == before and ruleset.status == status


def test_rules_advising_a_kind_without_a_contact_are_not_published(client, admin):
    rules = [{"name": "nieuw", "when": {}, "advise": [{"kind": "helpline", "why": {"nl": "Bel de hulplijn."}}]}]
    draft = ruleset_draft(rules=rules + ruleset_published().rules, note="hulplijn", by=admin)
    assert "helpline" in client.get(reverse("guide_admin:rules_publish", args=[draft.pk])).content.decode()
    response = client.post(reverse("guide_admin:rules_publish", args=[draft.pk]))
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.DRAFT
    # The new kind can be given to a contact; then the draft can be published.
    assert "helpline" in dict(client.get(reverse("guide_admin:contact_new")).context["form"].fields["kind"].choices)
    client.post(reverse("guide_admin:contact_new"), _contact_data(kind="helpline", name="Hulplijn"))
    assert client.post(reverse("guide_admin:rules_publish", args=[draft.pk])).status_code == 302
    assert route(ruleset_published().rules, Answers(who="victim", danger=False))[0].contact.name == "Hulplijn"


def test_the_rules_read_in_words(client):
    published = ruleset_published()
    page = client.get(reverse("guide_admin:rules_detail", args=[published.pk])).content.decode()
    assert "Er is nu gevaar. Bel eerst 112." in page and "altijd" in page


def test_preview_labels_follow_the_answer_codes():
    assert set(forms_admin.WHO_LABELS) == set(WHO) and set(forms_admin.FORM_LABELS) == set(FORMS)
    assert set(forms_admin.AGE_LABELS) == set(AGES) and set(forms_admin.ORIGIN_LABELS) == set(ORIGINS)


@pytest.mark.parametrize(
    "query",
    [
        {"who": "alien"},
        {"who": "victim", "municipality": "GM9999"},
        {"form": ["labour", "sexual"], "age": "100", "lang": "xx", "danger": "maybe"},
    ],
)
def test_a_preview_with_unknown_answers_shows_the_problem(client, draft, query):
    response = client.get(reverse("guide_admin:rules_preview", args=[draft.pk]), query)
    assert response.status_code == 200
    assert response.context["form"].errors and "left" not in response.context


def test_a_preview_for_a_municipality_shows_its_regional_contact(client, admin, draft):
    region = Region.objects.get(code="zc-amsterdam")
    client.post(reverse("guide_admin:contact_new"), _contact_data(region=region.pk))
    query = {"who": "victim", "age": "adult", "municipality": "GM0363"}
    response = client.get(reverse("guide_admin:rules_preview", args=[draft.pk]), query)
    names = [row.advice.contact.name for row in response.context["right"]]
    assert "Zorgcoördinatie Testregio" in names


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "police", "region": "abc", "name": "x" * 500, "phone": "1" * 100, "languages": "," * 200},
        {"kind": ["police", "nidos"], "url": "https://" + "a" * 400, "checked_today": "maybe"},
        {"description_nl": "x" * 5000, "hours_uk": "y" * 500},
    ],
)
def test_odd_contact_input_never_breaks_the_page(client, police, data):
    for url in (reverse("guide_admin:contact_new"), reverse("guide_admin:contact_edit", args=[police.pk])):
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    police.refresh_from_db()
    assert police.phone == "0900-8844"
