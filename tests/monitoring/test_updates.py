"""Progress updates by action holders: who may open which page (permission tables), updates appended and never
overwritten, the CSV upload with per-row Dutch errors and all-or-nothing, and the reminder list."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEvent
from samen.monitoring.models import PlanNode, ProgressUpdate
from samen.monitoring.services import BulkUpdateError, bulk_update_from_csv, progress_update_create
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_statuses, signed_in

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))  # the current period is 2025-H2
HEADER = "code,period,status,percent_complete,narrative,evidence,next_steps\n"


@pytest.fixture(autouse=True)
def frozen_time_in_dutch():
    # A request to an /en/ page elsewhere leaves English active in this thread; these tests read Dutch.
    with time_machine.travel(NOW, tick=True), translation.override("nl"):
        yield


class World:
    """A line with two actions: one held by the ministry (where programme staff work), one by a partner whose
    person holds monitoring.update_own_actions; an analyst who may only look."""

    def __init__(self):
        self.ministry = OrganisationFactory(name="Ministerie (test)")
        self.partner = OrganisationFactory(name="Partner (test)")
        line = PlanNode.objects.create(kind="line", code="AL1", title_nl="Brede bewustwording", source="s")
        goal = PlanNode.objects.create(kind="operational", code="OD1.1", title_nl="Doel", parent=line, source="s")
        self.own = PlanNode.objects.create(
            kind="action", code="AL1.1", title_nl="Campagnes", parent=goal, holder=self.ministry, source="s"
        )
        self.theirs = PlanNode.objects.create(
            kind="action", code="AL1.2", title_nl="Wegwijzer", parent=goal, holder=self.partner, source="s"
        )
        self.staff = UserFactory(organisation=self.ministry, roles=["programme-staff"])
        self.holder = UserFactory(organisation=self.partner)
        self.holder.user_permissions.add(
            Permission.objects.get(content_type__app_label="monitoring", codename="update_own_actions")
        )
        self.analyst = UserFactory(organisation=self.partner, roles=["analyst"])

    def clients(self) -> dict[str, Client]:
        return {
            "staff": signed_in(self.staff),
            "holder": signed_in(self.holder),
            "analyst": signed_in(self.analyst),
            "anonymous": Client(),
        }


@pytest.fixture
def world() -> World:
    return World()


def update(world: World, action=None, by=None, **values):
    fields = {
        "period": "2025-H1",
        "status": "on-track",
        "percent_complete": 40,
        "narrative": "Twee overleggen met partners.",
        "evidence": "",
        "next_steps": "",
    } | values
    return progress_update_create(action=action or world.own, by=by or world.staff, **fields)


def csv_file(text: str, name: str = "voortgang.csv", encoding: str = "utf-8") -> io.BytesIO:
    data = io.BytesIO(text.encode(encoding))
    data.name = name
    return data


# --- permission tables ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "kwargs", "expected"),
    [
        ("monitoring:actions", {}, {"staff": 200, "holder": 200, "analyst": 403, "anonymous": 302}),
        ("monitoring:action", {"code": "AL1.1"}, {"staff": 200, "holder": 404, "analyst": 403, "anonymous": 302}),
        ("monitoring:action", {"code": "AL1.2"}, {"staff": 404, "holder": 200, "analyst": 403, "anonymous": 302}),
        ("monitoring:action", {"code": "AL9.9"}, {"staff": 404, "holder": 404, "analyst": 403, "anonymous": 302}),
        ("monitoring:upload", {}, {"staff": 200, "holder": 200, "analyst": 403, "anonymous": 302}),
        ("monitoring:upload_example", {}, {"staff": 200, "holder": 200, "analyst": 403, "anonymous": 302}),
        ("monitoring:reminders", {}, {"staff": 200, "holder": 200, "analyst": 403, "anonymous": 302}),
    ],
)
def test_who_may_open_which_page(world, url_name, kwargs, expected):
    assert_statuses(world.clients(), "get", reverse(url_name, kwargs=kwargs), expected)


def test_posting_an_update_follows_the_same_table(world):
    data = {"period": "2025-H2", "status": "on-track", "percent_complete": "30", "narrative": "Gestart."}
    url = reverse("monitoring:action", kwargs={"code": "AL1.2"})
    assert_statuses(world.clients(), "post", url, {"staff": 404, "analyst": 403, "anonymous": 302}, data=data)
    assert not ProgressUpdate.objects.exists()
    assert signed_in(world.holder).post(url, data).status_code == 302
    assert ProgressUpdate.objects.get().action == world.theirs


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(reverse("monitoring:actions"))
    assert response.url.startswith("/accounts/login/")


def test_a_refusal_is_audited(world):
    signed_in(world.analyst).get(reverse("monitoring:actions"))
    assert AuditEvent.objects.filter(action="denied", actor_id=str(world.analyst.pk)).exists()


def test_the_dutch_path(world):
    assert reverse("monitoring:action", kwargs={"code": "AL1.1"}) == "/programma/acties/AL1.1/"


# --- one update at a time -----------------------------------------------------------------------------------------


def test_updates_are_appended_and_the_history_shows_them_all(world):
    first = update(world, narrative="Eerste stand.")
    second = update(world, narrative="Tweede stand, dezelfde periode.", percent_complete=50)
    assert {first, second} == set(world.own.updates.all())
    page = signed_in(world.staff).get(reverse("monitoring:action", kwargs={"code": "AL1.1"})).content.decode()
    assert page.index("Tweede stand") < page.index("Eerste stand")


def test_an_update_is_audited(world):
    created = update(world)
    event = AuditEvent.objects.get(object_type="monitoring.progressupdate", object_id=str(created.pk))
    assert event.action == "create" and event.actor_id == str(world.staff.pk) and event.purpose == "statistics"


def test_another_organisations_action_is_refused_by_the_service(world):
    with pytest.raises(PermissionDenied):
        update(world, action=world.theirs, by=world.staff)
    with pytest.raises(PermissionDenied):
        update(world, action=world.own, by=world.analyst)


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"status": "done", "percent_complete": 60}, "percent_complete", "percent_done"),
        ({"status": "not-started", "percent_complete": 10}, "percent_complete", "percent_not_started"),
        ({"percent_complete": 101}, "percent_complete", "percent_invalid"),
        ({"period": "2026-H1"}, "period", "period_future"),
        ({"period": "2025-3"}, "period", "period_invalid"),
        ({"status": "lost"}, "status", "status_invalid"),
        ({"narrative": "  "}, "narrative", "narrative_required"),
        ({"evidence": "x" * 2001}, "evidence", "too_long"),
    ],
)
def test_the_service_refuses_what_does_not_add_up(world, values, field, code):
    with pytest.raises(ValidationError) as caught:
        update(world, **values)
    assert [error.code for error in caught.value.error_dict[field]] == [code]
    assert not ProgressUpdate.objects.exists()


def test_the_form_shows_errors_in_dutch_and_keeps_what_was_typed(world):
    url = reverse("monitoring:action", kwargs={"code": "AL1.1"})
    data = {"period": "2025-H2", "status": "done", "percent_complete": "60", "narrative": "Mijn verhaal blijft staan."}
    response = signed_in(world.staff).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Een actie die is afgerond, staat op 100%." in page
    assert 'id="error-summary"' in page and "Mijn verhaal blijft staan." in page
    assert not ProgressUpdate.objects.exists()


def test_the_form_offers_the_current_and_the_previous_period(world):
    page = signed_in(world.staff).get(reverse("monitoring:action", kwargs={"code": "AL1.1"})).content.decode()
    assert 'value="2025-H2"' in page and 'value="2025-H1"' in page and 'value="2025-H1" selected' not in page


# --- many updates from a CSV file ---------------------------------------------------------------------------------


def test_a_valid_file_stores_every_row(world):
    text = HEADER + "AL1.1,2025-H1,on-track,40,Eerste helft.,,\nAL1.1,2025-H2,op schema,55%,Tweede helft.,Verslag,\n"
    created = bulk_update_from_csv(file=csv_file(text), by=world.staff)
    assert [(u.period, u.status, u.percent_complete) for u in created] == [
        ("2025-H1", "on-track", 40),
        ("2025-H2", "on-track", 55),
    ]
    assert AuditEvent.objects.filter(object_type="monitoring.progressupdate").count() == 2


def test_semicolons_and_windows_encoding_are_read(world):
    text = "code;period;status;percent_complete;narrative\nAL1.1;2025-H1;vertraagd;20;Overleg met één partner.\n"
    [created] = bulk_update_from_csv(file=csv_file(text, encoding="cp1252"), by=world.staff)
    assert created.status == "delayed" and created.narrative == "Overleg met één partner."


def test_one_bad_row_stores_nothing_and_every_problem_is_named_by_row(world):
    text = (
        HEADER
        + "AL1.1,2025-H1,on-track,40,Goed.,,\n"  # row 2: fine
        + "AL1.1,2025-H2,klaar,40,Goed.,,\n"  # row 3: unknown status
        + "AL1.2,2025-H1,on-track,40,Goed.,,\n"  # row 4: another organisation's action
        + "AL1.1,2025-H2,done,80,,,\n"  # row 5: done at 80%, no narrative
        + "AL1.1,2025-H1,on-track,veel,Goed.,,\n"  # row 6: not a number, and a second row for 2025-H1
    )
    with pytest.raises(BulkUpdateError) as caught:
        bulk_update_from_csv(file=csv_file(text), by=world.staff)
    problems = caught.value.messages
    assert problems[0].startswith("rij 3: status: Kies een status:")
    assert "rij 4: code: Er is geen actie met deze code die uw organisatie houdt." in problems
    assert "rij 5: percent_complete: Een actie die is afgerond, staat op 100%." in problems
    assert "rij 5: narrative: Beschrijf wat er is gedaan en wat het heeft opgeleverd." in problems
    assert "rij 6: percent_complete: Vul een heel getal in van 0 tot en met 100." in problems
    assert any(problem.startswith("rij 6: period:") for problem in problems)
    assert not any(problem.startswith("rij 2") for problem in problems)
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Het bestand is leeg."),
        ("code,period,status\nAL1.1,2025-H1,on-track\n", "In de kopregel ontbreken de kolommen: percent_complete"),
        (HEADER.replace("evidence", "bewijs"), "onbekende kolommen: bewijs"),
        (HEADER, "Het bestand heeft geen rijen onder de kopregel."),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_as_a_whole(world, text, message):
    with pytest.raises(BulkUpdateError) as caught:
        bulk_update_from_csv(file=csv_file(text), by=world.staff)
    assert any(message in problem for problem in caught.value.messages), caught.value.messages


def test_uploading_needs_the_permission(world):
    with pytest.raises(PermissionDenied):
        bulk_update_from_csv(file=csv_file(HEADER + "AL1.1,2025-H1,on-track,40,Goed.,,\n"), by=world.analyst)


def test_the_upload_page_lists_the_problems_and_stores_nothing(world):
    upload = SimpleUploadedFile("v.csv", (HEADER + "AL1.1,2025-H1,done,80,Goed.,,\n").encode(), "text/csv")
    response = signed_in(world.staff).post(reverse("monitoring:upload"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "rij 2: percent_complete: Een actie die is afgerond, staat op 100%." in page
    assert "Er is niets opgeslagen." in page
    assert not ProgressUpdate.objects.exists()


def test_the_upload_page_stores_a_good_file(world):
    upload = SimpleUploadedFile("v.csv", (HEADER + "AL1.2,2025-H1,on-track,40,Goed.,,\n").encode(), "text/csv")
    client = signed_in(world.holder)
    response = client.post(reverse("monitoring:upload"), {"file": upload})
    assert response.status_code == 302 and response.url == reverse("monitoring:actions")
    assert ProgressUpdate.objects.get().action == world.theirs
    assert "1 update is opgeslagen." in client.get(response.url).content.decode()


def test_the_upload_refuses_the_read_only(world):
    upload = SimpleUploadedFile("v.csv", (HEADER + "AL1.2,2025-H1,on-track,40,Goed.,,\n").encode(), "text/csv")
    assert signed_in(world.analyst).post(reverse("monitoring:upload"), {"file": upload}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_example_file_lists_the_own_actions(world):
    response = signed_in(world.holder).get(reverse("monitoring:upload_example"))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "code;period;status;percent_complete;narrative;evidence;next_steps"
    assert "AL1.2;2025-H2" in text and "AL1.1" not in text


# --- reminders ----------------------------------------------------------------------------------------------------


def test_programme_staff_are_reminded_of_every_action_holders_of_their_own(world):
    update(world, period="2025-H2")
    staff_page = signed_in(world.staff).get(reverse("monitoring:reminders")).content.decode()
    holder_page = signed_in(world.holder).get(reverse("monitoring:reminders")).content.decode()
    assert "AL1.2 Wegwijzer" in staff_page and "AL1.1 Campagnes" not in staff_page
    assert "AL1.2 Wegwijzer" in holder_page and "AL1.1" not in holder_page


def test_an_update_of_an_earlier_period_still_leaves_a_reminder(world):
    update(world, period="2025-H1")
    page = signed_in(world.staff).get(reverse("monitoring:reminders")).content.decode()
    assert "AL1.1 Campagnes" in page and "2025-H1" in page
