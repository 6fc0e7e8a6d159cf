"""Sign-in, second factor, account and people management. Thin: rules live in services and selectors."""

import base64

import segno
from django_otp import login as otp_login

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.audit.models import Action
from samen.audit.services import audit_record, audit_record_denied

from . import services
from .decorators import requires_permission
from .forms import EnrolForm, PersonForm, PersonRolesForm, SignInForm, TokenForm
from .models import User
from .selectors import has_second_factor, people_manageable_by


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action=Action.SIGN_IN,
            object_type="accounts.user",
            object_id=self.request.user.pk,
        )
        return response

    def form_invalid(self, form):
        known = User.objects.filter(username=form.data.get("username", "")[:150]).values_list("pk", flat=True).first()
        audit_record_denied(actor=None, object_type="accounts.user", object_id=known or "", reason="sign-in failed")
        return super().form_invalid(form)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this once an account and address pair has failed too often."""
    audit_record_denied(actor=None, object_type="accounts.user", reason="locked out after repeated failures")
    return render(request, "accounts/locked_out.html", status=429)


def _next_url(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return redirect(default).url


@login_required
def verify(request):
    """Second step of sign-in: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(request.user):
        return redirect("accounts:setup")
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, form.device)
            audit_record(
                actor=request.user,
                action=Action.SIGN_IN,
                object_type="accounts.user",
                object_id=request.user.pk,
                reason="second factor",
            )
            return redirect(_next_url(request))
        audit_record_denied(
            actor=request.user,
            object_type="accounts.user",
            object_id=request.user.pk,
            reason="wrong second-factor code",
        )
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@login_required
def setup(request):
    """Enrol an authenticator app by QR code; on success show the recovery codes once."""
    if has_second_factor(request.user):
        return redirect("accounts:verify")
    device = services.totp_device_pending(person=request.user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_confirm(person=request.user, device=device)
        otp_login(request, device)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff"),
            "config_url": device.config_url,
            "secret": _base32(device.bin_key),
        },
        status=400 if form.errors else 200,
    )


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action=Action.UPDATE,
            object_type="accounts.user",
            object_id=self.request.user.pk,
            reason="password",
        )
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
def account(request):
    return render(request, "accounts/account.html", {"has_second_factor": has_second_factor(request.user)})


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        raise PermissionDenied
    codes = services.recovery_codes_issue(person=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=Action.SIGN_OUT, object_type="accounts.user", object_id=request.user.pk)
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(person=request.user)
    logout(request)
    messages.success(request, _("You are signed out on every device."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@requires_permission("accounts.manage_people")
def people(request):
    people = list(people_manageable_by(request.user))
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="accounts.user",
        object_id="list",
        purpose="account-management",
    )
    return render(request, "accounts/people.html", {"people": people})


@requires_permission("accounts.manage_people")
def person_new(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person, initial_password = services.person_create(by=request.user, **form.cleaned_data)
        return render(request, "accounts/person_added.html", {"person": person, "initial_password": initial_password})
    return render(request, "accounts/person_form.html", {"form": form}, status=400 if form.errors else 200)


@requires_permission("accounts.manage_people")
def person_edit(request, pk: int):
    person = people_manageable_by(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type="accounts.user",
        object_id=person.pk,
        purpose="account-management",
    )
    initial = {"roles": person.role_slugs, "is_active": person.is_active}
    form = PersonRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.person_set_roles(by=request.user, person=person, roles=form.cleaned_data["roles"])
        if form.cleaned_data["is_active"] != person.is_active:
            services.person_set_active(by=request.user, person=person, active=form.cleaned_data["is_active"])
        if request.POST.get("reset_second_factor"):
            services.person_reset_second_factor(by=request.user, person=person)
        messages.success(request, _("The changes were saved."))
        return redirect("accounts:people")
    return render(
        request,
        "accounts/person_edit.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )
