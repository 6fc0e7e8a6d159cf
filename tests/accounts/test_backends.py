"""Permission checks and API tokens, read with fewer queries, decide exactly as Django's and DRF's would."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client
from rest_framework.authtoken.models import Token

from samen.accounts.models import User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="signals", codename=codename)


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache


def test_own_and_role_permissions_together_in_one_query(django_assert_num_queries):
    user = UserFactory()
    role = Group.objects.create(name="test-role")
    role.permissions.add(_permission("view_signals"))
    user.groups.add(role)
    user.user_permissions.add(_permission("export_signals"))
    fresh = _fresh(user)
    with django_assert_num_queries(1):
        assert fresh.has_perm("signals.view_signals") and fresh.has_perm("signals.export_signals")
        assert not fresh.has_perm("signals.submit_signals_api")
    assert fresh.get_all_permissions() == {"signals.view_signals", "signals.export_signals"}


def test_an_inactive_account_has_no_permissions():
    user = UserFactory(is_active=False)
    user.user_permissions.add(_permission("view_signals"))
    assert not _fresh(user).has_perm("signals.view_signals")
    assert _fresh(user).get_all_permissions() == set()


def test_a_permission_taken_away_is_gone_on_the_next_request():
    user = UserFactory()
    user.user_permissions.add(_permission("view_signals"))
    assert _fresh(user).has_perm("signals.view_signals")
    user.user_permissions.clear()
    assert not _fresh(user).has_perm("signals.view_signals")


def test_a_token_of_an_inactive_account_is_refused():
    user = UserFactory(organisation=OrganisationFactory())
    user.user_permissions.add(_permission("view_signals"))
    token = Token.objects.create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/signals/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    refused = client.get("/api/v1/signals/")
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"
    assert Client(HTTP_AUTHORIZATION="Token not-a-token").get("/api/v1/signals/").status_code == 401
