"""The texts of the Wegwijzer's questions are content: Dutch and English ship with Samen, functional admins edit
every language, and a language without its own text shows the English text marked "translation pending". The
questions page, the advice page's summary and search read them; the answer codes never change."""

import re
from urllib.parse import urlencode

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEvent
from samen.guide.choices import AGES, FORMS, WHO
from samen.guide.forms_admin import TEXT_NEEDED
from samen.guide.models import Question
from samen.guide.question_edits import QuestionRefused, QuestionTexts, question_texts_set
from samen.guide.questions import QUESTIONS, question_views, shipped_texts
from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

START, ADVICE, SEARCH = "/wegwijzer/", "/wegwijzer/advies/", "/wegwijzer/zoeken/"
OTHER_ROLES = ["intake", "table-member", "table-chair", "analyst", "care-coordinator", "programme-staff"]
POLISH_WHO = QuestionTexts(
    label="Kim jesteś?",
    options={"victim": "Mogę być ofiarą", "concerned": "Martwię się o kogoś", "professional": "Jestem profesjonalistą"},
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def admin():
    return UserFactory(roles=["functional-admin"])


def edit_url(code: str = "who", language: str = "pl") -> str:
    return reverse("guide_admin:question_text", args=[code, language])


def form_data(texts: QuestionTexts) -> dict:
    return {"label": texts.label, "help": texts.help, **{f"option_{k}": v for k, v in texts.options.items()}}


# Texts per language -------------------------------------------------------------------------------------------------


def test_every_question_ships_in_dutch_and_english_with_every_answer():
    assert list(shipped_texts()) == list(QUESTIONS)
    for code, answers in QUESTIONS.items():
        for language in ("nl", "en"):
            texts = shipped_texts()[code][language]
            assert texts["label"], (code, language)
            assert set(texts.get("options", {})) == set(answers), (code, language)
    assert set(QUESTIONS["who"]) == set(WHO) and QUESTIONS["form"] == FORMS and QUESTIONS["age"] == AGES


def test_the_texts_are_loaded_into_the_database_for_admins():
    assert set(Question.objects.values_list("code", flat=True)) == set(QUESTIONS)
    assert Question.objects.get(code="who").translations == shipped_texts()["who"]


@pytest.mark.parametrize(
    ("language", "label", "answer"),
    [("nl", "Wie bent u?", "Ik ben misschien zelf slachtoffer"), ("en", "Who are you?", "I may be a victim myself")],
)
def test_dutch_and_english_have_their_own_text(language, label, answer):
    who = question_views(language)["who"]
    assert (who.label.text, who.label.lang, who.label.pending) == (label, language, False)
    assert (who.options["victim"].text, who.options["victim"].lang) == (answer, language)
    assert not any(question.pending for question in question_views(language).values())


@pytest.mark.parametrize("language", ["pl", "ro", "bg", "uk", "es"])
def test_another_language_shows_english_marked_pending(language):
    for question in question_views(language).values():
        assert question.pending
        assert question.label.lang == "en" and question.label.pending
        assert question.label.text == shipped_texts()[question.code]["en"]["label"]


def test_a_partial_translation_falls_back_text_by_text(admin):
    question_texts_set(code="who", language="pl", texts=QuestionTexts(label="Kim jesteś?"), by=admin)
    who = question_views("pl")["who"]
    assert (who.label.text, who.label.lang, who.label.pending) == ("Kim jesteś?", "pl", False)
    assert (who.options["victim"].text, who.options["victim"].pending) == ("I may be a victim myself", True)
    assert who.pending
    question_texts_set(code="who", language="pl", texts=POLISH_WHO, by=admin)
    assert not question_views("pl")["who"].pending


@pytest.mark.parametrize(
    ("language", "texts", "code", "field"),
    [
        (
            "nl",
            QuestionTexts(label="", options={"victim": "a", "concerned": "b", "professional": "c"}),
            "required",
            "label",
        ),
        ("en", QuestionTexts(label="Who?", options={"victim": "a", "concerned": " "}), "required", "option_concerned"),
        ("pl", QuestionTexts(label="x" * 201), "too_long", "label"),
        ("pl", QuestionTexts(help="x" * 501), "too_long", "help"),
        ("pl", QuestionTexts(options={"victim": "x" * 301}), "too_long", "option_victim"),
        ("pl", QuestionTexts(options={"alien": "Obcy"}), "unknown_option", "alien"),
        ("fr", QuestionTexts(label="Qui êtes-vous ?"), "unknown_language", ""),
    ],
)
def test_the_service_refuses_texts_visitors_cannot_use(admin, language, texts, code, field):
    before = Question.objects.get(code="who").translations
    with pytest.raises(QuestionRefused) as refused:
        question_texts_set(code="who", language=language, texts=texts, by=admin)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert Question.objects.get(code="who").translations == before


def test_an_unknown_question_is_refused(admin):
    with pytest.raises(QuestionRefused, match="unknown_question"):
        question_texts_set(code="colour", language="nl", texts=QuestionTexts(label="Kleur?"), by=admin)


def test_empty_texts_remove_the_language(admin):
    question_texts_set(code="who", language="pl", texts=POLISH_WHO, by=admin)
    question_texts_set(code="who", language="pl", texts=QuestionTexts(label="  "), by=admin)
    assert "pl" not in Question.objects.get(code="who").translations
    assert question_views("pl")["who"].label.text == "Who are you?"


def test_a_missing_row_uses_the_shipped_texts():
    Question.objects.filter(code="danger").delete()
    assert question_views("nl")["danger"].label.text == "Is iemand nu in gevaar?"


# Admin pages --------------------------------------------------------------------------------------------------------


def test_the_texts_page_lists_every_question_with_its_state(admin):
    page = signed_in(admin).get(reverse("guide_admin:texts", args=["pl"])).content.decode()
    table = page[page.index('data-testid="question-texts"') :]
    table = table[: table.index("</table>")]
    assert table.count("vertaling volgt") == len(QUESTIONS)
    assert f'href="{edit_url("who", "pl")}"' in table and '<td lang="en">Who are you?</td>' in table
    home = signed_in(admin).get(reverse("guide_admin:home"))
    polish = next(row for row in home.context["coverage"] if row.code == "pl")
    dutch = next(row for row in home.context["coverage"] if row.code == "nl")
    assert (polish.questions_with_text, polish.questions) == (0, len(QUESTIONS))
    assert dutch.questions_with_text == len(QUESTIONS)


def test_the_admin_edits_a_question_and_it_is_audited(admin):
    client = signed_in(admin)
    page = client.get(edit_url()).content.decode()
    assert "Engelse tekst" in page and "I may be a victim myself" in page and 'lang="pl"' in page
    response = client.post(edit_url(), form_data(POLISH_WHO))
    assert response.status_code == 302 and response.url == reverse("guide_admin:texts", args=["pl"])
    assert Question.objects.get(code="who").translations["pl"] == {
        "label": "Kim jesteś?",
        "options": POLISH_WHO.options,
    }
    event = AuditEvent.objects.get(object_type="guide.question", reason="text pl")
    assert event.action == "update" and event.actor_id == str(admin.pk)
    assert event.object_id == str(Question.objects.get(code="who").pk)


def test_the_admin_form_refuses_an_empty_dutch_answer_and_keeps_what_was_typed(admin):
    data = form_data(QuestionTexts(label="Wie ben jij?", options={"victim": "", "concerned": "b", "professional": "c"}))
    response = signed_in(admin).post(edit_url("who", "nl"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["option_victim"] == [str(TEXT_NEEDED)]
    assert 'value="Wie ben jij?"' in response.content.decode()
    assert question_views("nl")["who"].label.text == "Wie bent u?"


def test_the_admin_form_refuses_too_long_a_text(admin):
    response = signed_in(admin).post(edit_url("border", "pl"), {"label": "x" * 201})
    assert response.status_code == 200 and "label" in response.context["form"].errors
    assert "pl" not in Question.objects.get(code="border").translations


def test_the_preview_shows_the_question_as_visitors_will_see_it_without_saving(admin):
    data = {**form_data(POLISH_WHO), "preview": "1"}
    response = signed_in(admin).post(edit_url(), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="question-preview"' in page
    preview = page[page.index('data-testid="question-preview"') :]
    assert '<span lang="pl">Kim jesteś?</span>' in preview and '<span lang="pl">Mogę być ofiarą</span>' in preview
    assert "Vertaling volgt" not in preview
    assert "pl" not in Question.objects.get(code="who").translations
    assert not AuditEvent.objects.filter(object_type="guide.question").exists()


def test_unknown_questions_and_languages_answer_404(admin):
    client = signed_in(admin)
    assert client.get(edit_url("colour", "nl")).status_code == 404
    assert client.get(edit_url("who", "fr")).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_roles_are_refused_and_nothing_changes(method):
    for role in OTHER_ROLES:
        response = getattr(signed_in(UserFactory(roles=[role])), method)(edit_url(), form_data(POLISH_WHO))
        assert response.status_code == 403, role
    assert "pl" not in Question.objects.get(code="who").translations
    assert AuditEvent.objects.filter(action="denied", reason="missing permission guide.manage_guide").count() == len(
        OTHER_ROLES
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(method):
    response = getattr(Client(), method)(edit_url(), form_data(POLISH_WHO))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "pl" not in Question.objects.get(code="who").translations


def test_the_page_has_dutch_and_english_addresses(admin):
    assert edit_url("who", "pl") == "/wegwijzer-beheer/vragen/who/tekst/pl/"
    assert signed_in(admin).get("/en/guide-admin/questions/who/text/pl/").status_code == 200


# The public flow ----------------------------------------------------------------------------------------------------


def test_the_questions_page_offers_every_content_language_as_a_plain_link():
    page = Client().get(f"{START}?who=victim").content.decode()
    assert '<a href="/wegwijzer/?who=victim&amp;lang=pl" lang="pl" hreflang="pl">Polski</a>' in page
    assert re.search(r'lang="nl" hreflang="nl" aria-current="true"', page)
    assert 'data-testid="translation-pending"' not in page


def test_the_questions_in_polish_show_english_marked_pending():
    page = Client().get(f"{START}?lang=pl").content.decode()
    assert 'data-testid="translation-pending"' in page and "(Polski)" in page
    assert '<legend class="form-field__label"><span lang="en">Who are you?</span></legend>' in page
    assert '<span lang="en">I may be a victim myself</span>' in page
    assert page.count('<p class="guide-pending-item">Vertaling volgt</p>') == len(QUESTIONS)
    assert re.search(r'<option value="pl" selected>', page)  # the advice follows the same language


def test_an_edited_question_shows_in_the_flow(admin):
    question_texts_set(code="who", language="pl", texts=POLISH_WHO, by=admin)
    dutch = QuestionTexts(
        label="Wie ben jij?",
        options={
            "victim": "Ik ben misschien slachtoffer",
            "concerned": "Ik maak me zorgen",
            "professional": "Ik werk ermee",
        },
    )
    question_texts_set(code="who", language="nl", texts=dutch, by=admin)
    page = Client().get(START).content.decode()
    assert "Wie ben jij?" in page and "Ik ben misschien slachtoffer" in page and "Wie bent u?" not in page
    polish = Client().get(f"{START}?lang=pl").content.decode()
    who = polish[polish.index('id="question-who"') : polish.index('id="question-sector"')]
    assert '<span lang="pl">Kim jesteś?</span>' in who and "Vertaling volgt" not in who
    english_interface = Client().get("/en/guide/?lang=pl").content.decode()
    assert '<span lang="pl">Mogę być ofiarą</span>' in english_interface
    # The advice repeats the answers in the words the visitor saw; the answer codes did not change.
    query = urlencode({"who": "victim", "danger": "false", "lang": "pl"})
    advice = Client().get(f"{ADVICE}?{query}").content.decode()
    assert '<dt lang="pl">Kim jesteś?</dt><dd lang="pl">Mogę być ofiarą</dd>' in advice
    assert Client().get(f"{ADVICE}?who=victim&danger=false").status_code == 200


def test_errors_show_the_questions_again_in_the_chosen_language():
    response = Client().get(f"{ADVICE}?danger=false&lang=pl")
    page = response.content.decode()
    assert response.status_code == 400 and "Kies wie u bent." in page
    assert '<span lang="en">Who are you?</span>' in page


def test_search_finds_question_texts_in_the_chosen_language(admin):
    question_texts_set(code="who", language="pl", texts=POLISH_WHO, by=admin)
    page = Client().get(f"{SEARCH}?{urlencode({'q': 'ofiarą', 'lang': 'pl'})}").content.decode()
    assert "Mogę być ofiarą" in page and 'href="/wegwijzer/?lang=pl#question-who"' in page
    dutch = Client().get(f"{SEARCH}?{urlencode({'q': 'bedreigd', 'lang': 'nl'})}").content.decode()
    assert "Bijvoorbeeld: iemand wordt op dit moment vastgehouden, bedreigd" in dutch
    pending = Client().get(f"{SEARCH}?{urlencode({'q': 'kidney', 'lang': 'ro'})}").content.decode()
    assert "Someone is pushed to give up an organ" in pending and "Vertaling volgt" in pending


def test_the_api_is_unchanged_by_question_texts(admin):
    question_texts_set(code="who", language="pl", texts=POLISH_WHO, by=admin)
    body = Client().get("/api/v1/guide/route?who=victim&danger=false&lang=pl").json()
    assert body["lang"] == "pl" and body["contacts"]
