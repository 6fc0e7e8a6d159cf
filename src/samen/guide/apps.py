from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "samen.guide"
    verbose_name = _("Wegwijzer (public referral guide)")
