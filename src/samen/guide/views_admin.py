"""The Wegwijzer's admin pages: the directory of contacts with its texts per language, the overview of texts per
language, and versioned routing rules (draft → preview → publish); the questions' texts are in
views_admin_questions. Every view needs guide.manage_guide; the rules live in services and selectors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samen.accounts.decorators import requires_permission

from . import preview as previews
from .directory import (
    ContactRefused,
    contact_create,
    contact_deactivate,
    contact_reactivate,
    contact_translation_set,
    contact_update,
)
from .drafts import NotADraft, ruleset_draft_update
from .forms_admin import (
    AGE_LABELS,
    FORM_LABELS,
    ORIGIN_LABELS,
    WHO_LABELS,
    ContactForm,
    ContactTextForm,
    PreviewForm,
    RulesForm,
)
from .languages import CONTENT_LANGUAGES, FALLBACK
from .models import Contact, RuleSet
from .routing import Answers, InvalidAnswer, route
from .rules_text import rules_to_text
from .selectors_admin import (
    contacts_all,
    contacts_for_language,
    contacts_needing_verification,
    kind_choices,
    kinds_without_contact,
    questions_for_language,
    rulesets_all,
    rulesets_draft,
    text_coverage,
)
from .services import RulesInvalid, ruleset_draft, ruleset_publish, ruleset_published

MANAGE = "guide.manage_guide"
SITUATIONS_SHOWN = 25

READ_ONLY = gettext_lazy(
    "Version %(version)s is %(status)s and can no longer be changed. Make a new version to change the rules."
)
KINDS_WITHOUT_CONTACT = gettext_lazy(
    "These kinds have no active contact in the directory: %(kinds)s. Add a contact for each before publishing."
)
LAST_OF_KIND = gettext_lazy(
    "This is the only active contact of the kind %(kind)s, and the published rules advise it. Add another contact "
    "of this kind first, or publish rules that no longer advise it."
)
NEEDS_DUTCH_OR_ENGLISH = gettext_lazy(
    "Keep a description in Dutch or English: it is what other languages fall back to."
)

CONDITION_LABELS = {
    "who": gettext_lazy("Who is asking"),
    "danger": gettext_lazy("Danger now"),
    "form": gettext_lazy("What is happening"),
    "age": gettext_lazy("Age"),
    "origin": gettext_lazy("Comes from"),
    "border": gettext_lazy("At a border or airport"),
    "unaccompanied": gettext_lazy("Minor without parents"),
}
VALUE_LABELS = {**WHO_LABELS, **FORM_LABELS, **AGE_LABELS, **ORIGIN_LABELS}


def _conflict(request, ruleset: RuleSet):
    message = READ_ONLY % {"version": ruleset.version, "status": ruleset.get_status_display()}
    return render(request, "guide/admin/conflict.html", {"message": message, "ruleset": ruleset}, status=409)


# Home ---------------------------------------------------------------------------------------------------------------


@requires_permission(MANAGE)
def home(request):
    return render(
        request,
        "guide/admin/home.html",
        {
            "stale": contacts_needing_verification(),
            "published": ruleset_published(),
            "drafts": rulesets_draft(),
            "coverage": text_coverage(),
            "active_contacts": Contact.objects.filter(is_active=True).count(),
        },
    )


# Contacts -----------------------------------------------------------------------------------------------------------


@requires_permission(MANAGE)
def contact_list(request):
    contacts = contacts_all()
    return render(
        request,
        "guide/admin/contacts.html",
        {"contacts": contacts, "stale_count": sum(1 for c in contacts if c.is_active and c.needs_verification)},
    )


def _save_contact(form: ContactForm, save) -> Contact | None:
    """Run a contact service; a model-level refusal shows on the form instead of as a server error."""
    try:
        return save()
    except ValidationError as error:
        form.add_error(None, error)
        return None


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def contact_new(request):
    form = ContactForm(request.POST or None, kinds=kind_choices())
    if request.method == "POST" and form.is_valid():
        contact = _save_contact(form, lambda: contact_create(details=form.details(), by=request.user))
        if contact is not None:
            messages.success(request, _("%(name)s is added to the directory.") % {"name": contact.name})
            return redirect("guide_admin:contacts")
    return render(request, "guide/admin/contact_form.html", {"form": form, "contact": None})


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    contact = get_object_or_404(Contact.objects.select_related("region"), pk=pk)
    kinds = kind_choices(contact.kind)
    if request.method == "POST":
        form = ContactForm(request.POST, kinds=kinds, contact=contact)
        if form.is_valid():
            checked = form.cleaned_data["checked_today"]
            saved = _save_contact(
                form,
                lambda: contact_update(contact=contact, details=form.details(), checked_today=checked, by=request.user),
            )
            if saved is not None:
                if checked:
                    messages.success(
                        request, _("%(name)s is saved and marked as checked today.") % {"name": saved.name}
                    )
                else:
                    messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
                return redirect("guide_admin:contacts")
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact), kinds=kinds, contact=contact)
    return render(request, "guide/admin/contact_form.html", {"form": form, "contact": contact})


@requires_permission(MANAGE)
@require_POST
def contact_active(request, pk: int):
    contact = get_object_or_404(Contact, pk=pk)
    if request.POST.get("active") == "1":
        contact_reactivate(contact=contact, by=request.user)
        messages.success(request, _("%(name)s is advised again.") % {"name": contact.name})
        return redirect("guide_admin:contacts")
    try:
        contact_deactivate(contact=contact, by=request.user)
    except ContactRefused:
        messages.error(request, LAST_OF_KIND % {"kind": contact.kind})
        return redirect("guide_admin:contact_edit", pk=contact.pk)
    messages.success(request, _("%(name)s is no longer advised.") % {"name": contact.name})
    return redirect("guide_admin:contacts")


# Texts per language -------------------------------------------------------------------------------------------------


def _language_or_404(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        raise Http404(language)
    return language


@requires_permission(MANAGE)
def texts(request, language: str):
    language = _language_or_404(language)
    published = ruleset_published()
    reasons = [
        (number, rule.get("name", ""), advice["kind"], (advice.get("why") or {}).get(FALLBACK, ""))
        for number, rule in enumerate(published.rules if published else [], start=1)
        for advice in rule["advise"]
        if not (advice.get("why") or {}).get(language)
    ]
    return render(
        request,
        "guide/admin/texts.html",
        {
            "language": language,
            "language_name": CONTENT_LANGUAGES[language],
            "contacts": contacts_for_language(language),
            "questions": questions_for_language(language),
            "reasons_missing": reasons,
        },
    )


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def contact_text(request, pk: int, language: str):
    language = _language_or_404(language)
    contact = get_object_or_404(Contact, pk=pk)
    own = (contact.translations or {}).get(language) or {}
    form = ContactTextForm(request.POST or None, initial=own, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            contact_translation_set(
                contact=contact,
                language=language,
                description=form.cleaned_data["description"],
                hours=form.cleaned_data["hours"],
                by=request.user,
            )
        except ContactRefused:
            form.add_error("description", str(NEEDS_DUTCH_OR_ENGLISH))
        else:
            messages.success(request, _("The text of %(name)s is saved.") % {"name": contact.name})
            return redirect("guide_admin:texts", language=language)
    return render(
        request,
        "guide/admin/contact_text.html",
        {
            "form": form,
            "contact": contact,
            "language": language,
            "language_name": CONTENT_LANGUAGES[language],
            "english": (contact.translations or {}).get(FALLBACK) or {},
        },
    )


# Rules --------------------------------------------------------------------------------------------------------------


@requires_permission(MANAGE)
def rules_list(request):
    return render(request, "guide/admin/rules.html", {"rulesets": rulesets_all(), "published": ruleset_published()})


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def rules_new(request):
    published = ruleset_published()
    initial = {"rules": rules_to_text(published.rules) if published else ""}
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = ruleset_draft(rules=form.cleaned_data["rules"], note=form.cleaned_data["note"], by=request.user)
        except RulesInvalid as problem:
            form.add_error("rules", str(problem))
        else:
            messages.success(
                request,
                _("Draft version %(version)s is saved. Preview it before you publish.") % {"version": draft.version},
            )
            return redirect("guide_admin:rules_preview", pk=draft.pk)
    return render(request, "guide/admin/rules_form.html", {"form": form, "ruleset": None, "published": published})


@requires_permission(MANAGE)
def rules_detail(request, pk: int):
    ruleset = get_object_or_404(rulesets_all(), pk=pk)
    return render(
        request,
        "guide/admin/rules_detail.html",
        {
            "ruleset": ruleset,
            "rows": _rule_rows(ruleset.rules),
            "text": rules_to_text(ruleset.rules),
            "without_contact": kinds_without_contact(ruleset.rules),
        },
    )


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def rules_edit(request, pk: int):
    ruleset = get_object_or_404(RuleSet, pk=pk)
    if ruleset.status != RuleSet.Status.DRAFT:
        return _conflict(request, ruleset)
    initial = {"rules": rules_to_text(ruleset.rules), "note": ruleset.note}
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ruleset_draft_update(
                ruleset=ruleset, rules=form.cleaned_data["rules"], note=form.cleaned_data["note"], by=request.user
            )
        except NotADraft:
            ruleset.refresh_from_db()
            return _conflict(request, ruleset)
        except RulesInvalid as problem:
            form.add_error("rules", str(problem))
        else:
            messages.success(request, _("Draft version %(version)s is saved.") % {"version": ruleset.version})
            return redirect("guide_admin:rules_preview", pk=ruleset.pk)
    return render(
        request, "guide/admin/rules_form.html", {"form": form, "ruleset": ruleset, "published": ruleset_published()}
    )


@requires_permission(MANAGE)
def rules_preview(request, pk: int):
    ruleset = get_object_or_404(rulesets_all(), pk=pk)
    published = ruleset_published()
    published_rules = published.rules if published else []
    # Answers left out (as in a link from the situations table) take the defaults, as the form shows them.
    form = PreviewForm({**PreviewForm.DEFAULTS, **request.GET.dict()})
    context = {"ruleset": ruleset, "published": published, "form": form}
    if form.is_valid():
        answers = form.answers()
        try:
            candidate, current = route(ruleset.rules, answers), route(published_rules, answers)
        except InvalidAnswer as problem:
            form.add_error(
                problem.parameter if problem.parameter in form.fields else None, _("This answer is not known.")
            )
        else:
            left, right = previews.advice_compare(candidate, current)
            context.update(left=left, right=right, differs=any(row.change != previews.SAME for row in left + right))
    total, changed = previews.situations_changed(ruleset.rules, published_rules)
    context.update(
        total=total,
        changed_count=len(changed),
        situations=[_situation_row(situation) for situation in changed[:SITUATIONS_SHOWN]],
        without_contact=kinds_without_contact(ruleset.rules),
    )
    return render(request, "guide/admin/rules_preview.html", context)


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def rules_publish(request, pk: int):
    ruleset = get_object_or_404(RuleSet, pk=pk)
    if ruleset.status != RuleSet.Status.DRAFT:
        return _conflict(request, ruleset)
    published = ruleset_published()
    without_contact = kinds_without_contact(ruleset.rules)
    if request.method == "POST":
        if without_contact:
            message = KINDS_WITHOUT_CONTACT % {"kinds": ", ".join(without_contact)}
            return render(request, "guide/admin/conflict.html", {"message": message, "ruleset": ruleset}, status=409)
        try:
            ruleset_publish(ruleset=ruleset, by=request.user)
        except RulesInvalid:
            ruleset.refresh_from_db()
            return _conflict(request, ruleset)
        messages.success(
            request,
            _("Version %(version)s is published. The Wegwijzer now advises by these rules.")
            % {"version": ruleset.version},
        )
        return redirect("guide_admin:rules")
    _total, changed = previews.situations_changed(ruleset.rules, published.rules if published else [])
    return render(
        request,
        "guide/admin/rules_publish.html",
        {
            "ruleset": ruleset,
            "published": published,
            "changed_count": len(changed),
            "without_contact": without_contact,
            "older": published is not None and published.version > ruleset.version,
        },
    )


# Presentation helpers -----------------------------------------------------------------------------------------------


def _value_label(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(VALUE_LABELS.get(value, value))


def _rule_rows(rules: list) -> list[dict]:
    """The rules in words, for admins who do not read YAML."""
    rows = []
    for number, rule in enumerate(rules, start=1):
        conditions = []
        for key, expected in (rule.get("when") or {}).items():
            values = expected if isinstance(expected, list) else [expected]
            or_word = _("or")
            one_of = f" {or_word} ".join(_value_label(value) for value in values)
            conditions.append((CONDITION_LABELS.get(key, key), one_of))
        advise = [
            (advice["kind"], (advice.get("why") or {}).get("nl", ""), (advice.get("why") or {}).get("en", ""))
            for advice in rule["advise"]
        ]
        rows.append({"number": number, "name": rule.get("name", ""), "conditions": conditions, "advise": advise})
    return rows


def _situation_row(situation: previews.Situation) -> dict:
    answers: Answers = situation.answers
    parts = [str(WHO_LABELS[answers.who]), str(FORM_LABELS[answers.form]), str(AGE_LABELS[answers.age])]
    if answers.danger:
        parts.insert(1, _("danger now"))
    if answers.origin != "unknown":
        parts.append(_("from %(origin)s") % {"origin": ORIGIN_LABELS[answers.origin]})
    if answers.border:
        parts.append(_("at a border or airport"))
    if answers.unaccompanied:
        parts.append(_("without parents"))
    query = {"who": answers.who, "form": answers.form, "age": answers.age, "origin": answers.origin, "lang": "nl"}
    query.update({name: "on" for name in ("danger", "border", "unaccompanied") if getattr(answers, name)})
    return {
        "description": "; ".join(parts),
        "published": situation.published,
        "candidate": situation.candidate,
        "query": urlencode(query),
    }
