"""The public Wegwijzer pages: the questions, the advice, the page for professionals and search. No sign-in.

Victim-safe by design: every form is a GET form (no CSRF cookie, no session), so an anonymous visitor gets no cookie
at all; every answer is sent with Cache-Control: no-store and Referrer-Policy: no-referrer; nothing is loaded from
another site. The answers are in the query string, so the reverse proxy must not log query strings for these paths
(Django itself logs only the path). With ?embed=1 a page comes without the site's header and footer and may be
framed by a partner's website.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from samen.geo.selectors import municipalities_current, postcode_areas_loaded

from .display import contact_views
from .forms import CHOOSE_OPTION, MUNICIPALITY_CODE, UNKNOWN_MUNICIPALITY, GuideForm, SearchForm
from .languages import CONTENT_LANGUAGES
from .professionals import DOUBT_STEPS, INDICATORS_NOTE, indicators_per_form, reporting_duties, reporting_duty
from .routing import InvalidAnswer, route
from .search import guide_search
from .services import ruleset_published
from .summary import answers_summary

PUBLIC_LAYOUT = "signals/public/layout.html"
EMBED_LAYOUT = "guide/embed_layout.html"


def quick_exit_url() -> str:
    """Where the quick-exit button goes: the same neutral site as the public report form's."""
    return getattr(settings, "SAMEN_QUICK_EXIT_URL", "https://www.google.nl/")


def _interface_language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "en" if language.startswith("en") else "nl"


def _is_embed(request) -> bool:
    return request.GET.get("embed") == "1"


def _embed_csp() -> str:
    """The site's policy, except that any website may frame the page: only for the embeddable variant."""
    return settings.SAMEN_CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def _page(request, template: str, context: dict, status: int = 200):
    embed = _is_embed(request)
    context = {
        "layout": EMBED_LAYOUT if embed else PUBLIC_LAYOUT,
        "embed": embed,
        "embed_query": "?embed=1" if embed else "",
        "quick_exit_url": quick_exit_url(),
        **context,
    }
    response = render(request, template, context, status=status)
    # The answers are in the URL: a contact's website must not receive them as the referrer.
    response["Referrer-Policy"] = "no-referrer"
    if embed:
        response["Content-Security-Policy"] = _embed_csp()
        response.xframe_options_exempt = True
    return response


def _question_languages(request, current: str) -> list[tuple[str, str, str, bool]]:
    """(code, name, link, is current) per content language: the same page with the questions in that language.
    Plain links, so switching works without JavaScript; the answers already given are kept."""
    kept = [(key, value) for key, value in request.GET.items() if key != "lang"]
    start_url = reverse("guide:start")
    return [
        (code, name, f"{start_url}?{urlencode([*kept, ('lang', code)])}", code == current)
        for code, name in CONTENT_LANGUAGES.items()
    ]


def _questions(request, form: GuideForm, status: int = 200):
    return _page(
        request,
        "guide/start.html",
        {
            "form": form,
            "municipality_names": municipalities_current().values_list("name", flat=True),
            "content_lang": form.content_lang,
            "content_language": CONTENT_LANGUAGES[form.content_lang],
            "question_languages": _question_languages(request, form.content_lang),
            "postcodes": postcode_areas_loaded(),
        },
        status=status,
    )


@never_cache
@require_safe
def start(request):
    """The questions, in the content language of `lang` (else the interface language); answers in the query (from
    "change your answers") are filled in again."""
    initial = {name: request.GET[name] for name in GuideForm.base_fields if name in request.GET}
    return _questions(request, GuideForm(initial=initial, default_lang=_interface_language()))


@never_cache
@require_safe
def advice(request):
    """The ordered contacts for the answers in the query. Wrong answers show the questions again, with the
    message next to the question and every other answer kept."""
    form = GuideForm(request.GET, default_lang=_interface_language())
    if not form.is_valid():
        return _questions(request, form, status=400)
    answers = form.answers()
    ruleset = ruleset_published()
    try:
        advice_list = route(ruleset.rules, answers) if ruleset else []
    except InvalidAnswer as error:  # the engine refused what the form let through (e.g. a municipality just retired)
        message = UNKNOWN_MUNICIPALITY if error.code == MUNICIPALITY_CODE else CHOOSE_OPTION
        form.add_error(error.parameter if error.parameter in form.fields else None, message)
        return _questions(request, form, status=400)
    contacts = contact_views(advice_list, lang=answers.lang, link_language=_interface_language())
    summary = answers_summary(form)
    sector = form.cleaned_data.get("sector")
    change_query = urlencode([(key, value) for key, value in request.GET.items()])
    return _page(
        request,
        "guide/advice.html",
        {
            "answers": answers,
            "contacts": contacts,
            "summary": summary,
            "place": form.place,
            "pending": any(contact.translation_pending for contact in contacts) or any(row.pending for row in summary),
            "content_language": CONTENT_LANGUAGES[answers.lang],
            "duty": reporting_duty(sector, answers.lang) if answers.who == "professional" and sector else None,
            "change_url": reverse("guide:start") + (f"?{change_query}" if change_query else ""),
            "ruleset": ruleset,
        },
        status=200 if ruleset else 503,
    )


@never_cache
@require_safe
def professionals(request):
    language = _interface_language()
    return _page(
        request,
        "guide/professionals.html",
        {
            "steps": DOUBT_STEPS,
            "indicators_note": INDICATORS_NOTE,
            "forms": indicators_per_form(language),
            "duties": reporting_duties(language),
        },
    )


@never_cache
@require_safe
def search(request):
    form = SearchForm(request.GET or None, default_lang=_interface_language())
    results, query, lang = [], "", _interface_language()
    status = 200
    if form.is_bound:
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            lang = form.cleaned_data["lang"] or lang
            results = guide_search(query, lang=lang, extra={"embed": "1"} if _is_embed(request) else {})
        else:
            status = 400
    return _page(
        request,
        "guide/search.html",
        {"form": form, "query": query, "results": results, "content_lang": lang},
        status=status,
    )
