from django_otp import devices_for_user

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.taxonomy.selectors import terms_current

from .models import User
from .roles import ROLE_SLUGS

TOKEN_THROTTLED = _("Too many wrong codes in a row. Wait %(seconds)s seconds and try again.")
TOKEN_INVALID = _("This code is not right. Enter the 6 digits your authenticator app shows now, or a recovery code.")


USERNAME_MAX = 150
PASSWORD_MAX = 1024
TOO_LONG = _("This is too long: at most %(limit)s characters.")


def _limited(value: str, limit: int) -> str:
    if len(value) > limit:
        raise forms.ValidationError(TOO_LONG, code="max_length", params={"limit": limit})
    return value


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is not right. Check both and try again."),
        "inactive": _("This account is not active. Ask the functional admin of your organisation."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].max_length = 150
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})

    # Django's AuthenticationForm only sets max_length as an attribute; without these checks an oversized value
    # reaches authenticate() and the lock-out records, which store at most 255 characters.
    def clean_username(self):
        return _limited(self.cleaned_data["username"], USERNAME_MAX)

    def clean_password(self):
        return _limited(self.cleaned_data["password"], PASSWORD_MAX)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).replace("-", "").lower()
        # Each device throttles itself after failures (django-otp), so guessing codes gets slower.
        allowed = [device for device in devices_for_user(self.user, confirmed=True) if device.verify_is_allowed()[0]]
        for device in allowed:
            if device.verify_token(token):
                self.device = device
                return token
        if not allowed:
            throttled = next(iter(devices_for_user(self.user, confirmed=True)), None)
            if throttled is not None:
                raise _throttled(throttled)
        raise forms.ValidationError(TOKEN_INVALID, code="invalid_token")


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the 6-digit code your app shows."),
            "min_length": _("The code has 6 digits."),
            "max_length": _("The code has 6 digits."),
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_is_allowed()[0]:
            raise _throttled(self.device)
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(TOKEN_INVALID, code="invalid_token")
        return token


def _throttled(device) -> forms.ValidationError:
    _allowed, details = device.verify_is_allowed()
    until = (details or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
    return forms.ValidationError(TOKEN_THROTTLED, code="throttled", params={"seconds": seconds})


def _role_choices():
    labels = {term.code: term.label for term in terms_current("role")}
    return [(slug, labels.get(slug, slug)) for slug in ROLE_SLUGS]


class PersonForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[a-z0-9.\-_]{3,64}$",
        max_length=64,
        error_messages={"invalid": _("Use 3 to 64 lower-case letters, digits, dots, dashes or underscores.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another."), code="taken")
        return username


class PersonRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False, choices=())
    is_active = forms.BooleanField(label=_("Active (may sign in)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices()
