import pytest

from samen.accounts.models import User
from samen.accounts.roles import ROLE_SLUGS
from samen.demo.tables import HISTORY
from samen.demo.world import demo_world_create
from samen.tables.models import DataShare, Table

pytestmark = pytest.mark.django_db


def test_demo_world_has_one_account_per_role_and_is_idempotent():
    demo_world_create()
    demo_world_create()
    for role in ROLE_SLUGS:
        user = User.objects.get(username=f"demo-{role}")
        assert user.is_demo and user.role_slugs == [role] and user.check_password("samen-demo")
    assert len({User.objects.get(username=f"demo-{role}").organisation_id for role in ROLE_SLUGS}) >= 6


def test_demo_world_runs_a_signal_table_with_routed_tasks():
    demo_world_create()
    table = Table.objects.get(name="Signalentafel Midden-Nederland (demo)")
    chair = User.objects.get(username="demo-table-chair")
    assert table.chair == chair and table.items.count() == 4 + len(HISTORY)
    assert table.items.filter(session__closed_at__isnull=True).count() == 4  # today's session, still open
    police_member = User.objects.get(username="demo-table-member")
    inbox = DataShare.objects.filter(kind="routing", to_organisation=police_member.organisation)
    assert inbox.filter(status="sent").exists()
    assert all(share.legal_basis and share.purpose for share in DataShare.objects.all())
