from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views_admin as views
from . import views_admin_questions

app_name = "guide_admin"

# Paths are translated one segment at a time, so a translation can never break a converter such as <int:pk>.
contact_patterns = [
    path("", views.contact_edit, name="contact_edit"),
    path(_("active/"), views.contact_active, name="contact_active"),
    path(_("text/"), include([path("<str:language>/", views.contact_text, name="contact_text")])),
]

question_patterns = [
    path(
        _("text/"),
        include([path("<str:language>/", views_admin_questions.question_text, name="question_text")]),
    ),
]

ruleset_patterns = [
    path("", views.rules_detail, name="rules_detail"),
    path(_("edit/"), views.rules_edit, name="rules_edit"),
    path(_("preview/"), views.rules_preview, name="rules_preview"),
    path(_("publish/"), views.rules_publish, name="rules_publish"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path(
        _("contacts/"),
        include(
            [
                path("", views.contact_list, name="contacts"),
                path(_("new/"), views.contact_new, name="contact_new"),
                path("<int:pk>/", include(contact_patterns)),
            ]
        ),
    ),
    path(_("texts/"), include([path("<str:language>/", views.texts, name="texts")])),
    path(
        _("questions/"),
        include([path("<str:code>/", include(question_patterns))]),
    ),
    path(
        _("rules/"),
        include(
            [
                path("", views.rules_list, name="rules"),
                path(_("new/"), views.rules_new, name="rules_new"),
                path("<int:pk>/", include(ruleset_patterns)),
            ]
        ),
    ),
]
