"""Real Chromium: an action holder reports progress (a refused update first, then a good one that joins the history),
uploads a CSV file with a bad row (nothing saved, the row named), and reads the reminder list; axe on every page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from samen.monitoring.models import PlanNode, ProgressUpdate
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, app: str, user) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    key = TOTPDevice.objects.get(user=user).bin_key
    page.get_by_label("Code").fill(f"{totp(key, step=30, t0=0, digits=6):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_a_holder_reports_progress_one_by_one_and_by_file(page, app, assert_accessible, tmp_path):
    ministry = OrganisationFactory(name="Ministerie (e2e)")
    line = PlanNode.objects.create(kind="line", code="AL1", title_nl="Brede bewustwording", source="s")
    goal = PlanNode.objects.create(
        kind="operational", code="OD1.1", title_nl="Meer bewustzijn", parent=line, source="s"
    )
    PlanNode.objects.create(
        kind="action", code="AL1.1", title_nl="Campagnes", parent=goal, holder=ministry, source="bron"
    )
    PlanNode.objects.create(kind="action", code="AL1.2", title_nl="Inventarisatie", parent=goal, holder=ministry)
    staff = UserFactory(organisation=ministry, roles=["programme-staff"], with_totp=True)
    _sign_in(page, app, staff)

    page.goto(app + "/programma/acties/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang van uw acties")
    assert_accessible(page)

    page.get_by_role("link", name="AL1.1 Campagnes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AL1.1 Campagnes")
    page.get_by_label("Status").select_option(label="afgerond")
    page.get_by_label("Voortgang (procent)").fill("60")
    page.get_by_label("Wat is er gedaan en wat heeft het opgeleverd?").fill("Drie campagnedagen gehouden.")
    page.get_by_role("button", name="Update opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Een actie die is afgerond, staat op 100%.")
    expect(page.get_by_label("Wat is er gedaan en wat heeft het opgeleverd?")).to_have_value(
        "Drie campagnedagen gehouden."
    )
    assert_accessible(page)

    page.get_by_label("Voortgang (procent)").fill("100")
    page.get_by_role("button", name="Update opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw update is opgeslagen.")
    expect(page.get_by_role("region", name="Eerdere updates")).to_contain_text("Drie campagnedagen gehouden.")
    assert_accessible(page)

    bad = tmp_path / "voortgang.csv"
    bad.write_text(
        "code;period;status;percent_complete;narrative\nAL1.2;2025-H1;op schema;40;Goed.\nAL1.2;2025-H2;klaar;40;x\n",
        encoding="utf-8",
    )
    page.goto(app + "/programma/uploaden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Veel acties tegelijk bijwerken")
    assert_accessible(page)
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Uploaden en opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("rij 3: status: Kies een status")
    assert_accessible(page)
    assert not ProgressUpdate.objects.filter(action__code="AL1.2").exists()

    page.goto(app + "/programma/herinneringen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acties zonder update")
    expect(page.get_by_role("table")).to_contain_text("AL1.2 Inventarisatie")
    assert_accessible(page)
