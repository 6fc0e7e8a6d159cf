import pytest

from django.urls import reverse

from samen.accounts.models import User
from samen.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.helpers import assert_statuses, permission_world, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return permission_world()


def test_functional_admin_lists_only_people_of_their_own_organisation(world):
    admin = world.person("owner", "functional-admin")
    colleague = world.person("owner", "intake")
    outsider = world.person("unrelated", "intake")
    page = signed_in(admin).get(reverse("accounts:people")).content.decode()
    assert colleague.username in page and outsider.username not in page


def test_person_pages_answer_per_organisation(world):
    target = world.person("owner", "intake")
    clients = world.clients("functional-admin")
    url = reverse("accounts:person_edit", args=[target.pk])
    # Another organisation's admin does not even learn that the person exists.
    assert_statuses(clients, "get", url, {"owner": 200, "partner": 404, "unrelated": 404})


def test_people_without_the_permission_are_refused_and_it_is_logged(world):
    clients = world.clients("intake", "table-chair", "privacy-officer")
    assert_statuses(clients, "get", reverse("accounts:people"), {"owner": 403, "partner": 403, "unrelated": 403})
    assert AuditEvent.objects.filter(action="denied", reason="missing permission accounts.manage_people").count() == 3


def test_functional_admin_adds_a_colleague_with_roles(world):
    admin = world.person("owner", "functional-admin")
    response = signed_in(admin).post(
        reverse("accounts:person_new"),
        {
            "username": "nieuwe.collega",
            "first_name": "Noor",
            "last_name": "de Vries",
            "email": "noor@example.org",
            "roles": ["intake", "table-member"],
        },
    )
    assert response.status_code == 200
    person = User.objects.get(username="nieuwe.collega")
    assert person.organisation == world.owner
    assert person.role_slugs == ["intake", "table-member"]
    # The initial password is shown once, to hand over in person.
    assert person.check_password(response.context["initial_password"])
    assert AuditEvent.objects.filter(action="create", object_type="accounts.user", object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "X Y!", "first_name": "a", "last_name": "b", "email": "a@example.org"}, "username"),
        (
            {"username": "goed.naam", "first_name": "", "last_name": "b", "email": "a@example.org"},
            "first_name",
        ),
        ({"username": "goed.naam", "first_name": "a", "last_name": "b", "email": "geen-mail"}, "email"),
        (
            {"username": "goed.naam", "first_name": "a" * 500, "last_name": "b", "email": "a@example.org"},
            "first_name",
        ),
        (
            {
                "username": "goed.naam",
                "first_name": "a",
                "last_name": "b",
                "email": "a@example.org",
                "roles": ["superuser"],
            },
            "roles",
        ),
    ],
)
def test_bad_input_is_refused_per_field_and_kept(world, data, field):
    admin = world.person("owner", "functional-admin")
    response = signed_in(admin).post(reverse("accounts:person_new"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    # What was typed is still in the form.
    assert response.context["form"].data["last_name"] == data["last_name"]
    assert not User.objects.filter(username="goed.naam").exists()


def test_taken_user_name_is_refused(world):
    admin = world.person("owner", "functional-admin")
    existing = UserFactory()
    response = signed_in(admin).post(
        reverse("accounts:person_new"),
        {"username": existing.username, "first_name": "a", "last_name": "b", "email": "a@example.org"},
    )
    assert response.status_code == 400


def test_deactivating_signs_the_person_out(world):
    admin = world.person("owner", "functional-admin")
    target = world.person("owner", "intake")
    target_client = signed_in(target)
    response = signed_in(admin).post(reverse("accounts:person_edit", args=[target.pk]), {"roles": ["intake"]})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert target_client.get("/").status_code == 302


def test_functional_admin_cannot_change_another_organisations_person(world):
    target = world.person("unrelated", "intake")
    admin = world.person("owner", "functional-admin")
    response = signed_in(admin).post(
        reverse("accounts:person_edit", args=[target.pk]), {"roles": ["functional-admin"], "is_active": "on"}
    )
    assert response.status_code == 404
    assert target.role_slugs == ["intake"]


def test_functional_admin_sees_no_audit_trail_or_case_content(world):
    admin = world.person("owner", "functional-admin")
    assert signed_in(admin).get(reverse("audit:search")).status_code == 403


def test_reading_the_people_of_an_organisation_is_audited(world):
    admin = world.person("owner", "functional-admin")
    colleague = world.person("owner", "intake")
    client = signed_in(admin)
    client.get(reverse("accounts:people"))
    client.get(reverse("accounts:person_edit", args=[colleague.pk]))
    reads = AuditEvent.objects.filter(action="read", actor_id=str(admin.pk), object_type="accounts.user")
    assert sorted(reads.values_list("object_id", flat=True)) == sorted([str(colleague.pk), "list"])
