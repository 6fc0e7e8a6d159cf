from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from samen.web import views as web_views

handler400 = "samen.web.views.bad_request"
handler403 = "samen.web.views.permission_denied"
handler404 = "samen.web.views.page_not_found"
handler500 = "samen.web.views.server_error"

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("samen.geo.api.urls")),
    path("", include("samen.signals.api.urls")),
    path("", include("samen.tables.api.urls")),
    path("guide/", include("samen.guide.api.urls")),
    path("", include("samen.monitoring.api.urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("health/", web_views.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("samen.web.urls")),
    path("accounts/", include("samen.accounts.urls")),
    path("audit/", include("samen.audit.urls")),
    path(_("report/"), include("samen.signals.urls_public")),
    path(_("signals/"), include("samen.signals.urls")),
    path(_("tables/"), include("samen.tables.urls")),
    path(_("guide/"), include("samen.guide.urls")),
    path(_("guide-admin/"), include("samen.guide.urls_admin")),
    path(_("dashboards/"), include("samen.monitoring.urls_dashboard")),
    path(_("programme/"), include("samen.monitoring.urls")),
    prefix_default_language=False,
)

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
