import pytest

from samen.geo.models import Region
from samen.guide.models import Contact, RuleSet
from samen.guide.routing import Answers, InvalidAnswer, route
from samen.guide.services import RulesInvalid, rules_validate, ruleset_draft, ruleset_publish, ruleset_published
from tests.factories import UserFactory
from tests.guide.scenarios import SCENARIOS

pytestmark = pytest.mark.django_db


def _route(params: dict):
    return route(ruleset_published().rules, Answers(**params))


def test_there_are_at_least_thirty_scenarios():
    assert len(SCENARIOS) >= 30


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_scenario(scenario):
    kinds = [advice.kind for advice in _route(scenario.params)]
    assert kinds[: len(scenario.first)] == scenario.first, kinds
    assert set(scenario.includes) <= set(kinds), kinds
    assert not set(scenario.excludes) & set(kinds), kinds


def test_every_advice_says_why_and_how():
    for advice in _route({"who": "victim", "danger": True, "form": "labour", "age": "adult"}):
        assert advice.why and advice.contact is not None
        assert advice.contact.phone or advice.contact.url or advice.contact.chat_url


def test_a_language_without_text_falls_back_to_english_marked_pending():
    advice = _route({"who": "victim", "danger": False, "form": "labour", "age": "adult", "lang": "pl"})[0]
    assert advice.pending and advice.why.startswith("The Labour Inspectorate")
    dutch = _route({"who": "victim", "danger": False, "form": "labour", "age": "adult", "lang": "nl"})[0]
    assert not dutch.pending and dutch.why.startswith("De Arbeidsinspectie")


def test_a_regional_contact_serves_its_region():
    region = Region.objects.get(code="zc-amsterdam")
    Contact.objects.create(
        kind="care-coordinator",
        region=region,
        name="Zorgcoördinatie Amsterdam (test)",
        phone="020-0000000",
        last_verified="2026-11-01",
    )
    amsterdam = _route({"who": "victim", "danger": False, "age": "adult", "municipality": "GM0363"})
    utrecht = _route({"who": "victim", "danger": False, "age": "adult", "municipality": "GM0344"})
    assert amsterdam[0].contact.name == "Zorgcoördinatie Amsterdam (test)" and amsterdam[0].regional
    assert utrecht[0].contact.region is None and not utrecht[0].regional


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"who": "alien"}, "who"),
        ({"who": "victim", "form": "piracy"}, "form"),
        ({"who": "victim", "age": "old"}, "age"),
        ({"who": "victim", "lang": "xx"}, "lang"),
        ({"who": "victim", "municipality": "GM9999"}, "municipality"),
        ({"who": "victim", "municipality": "Atlantis"}, "municipality"),
    ],
)
def test_bad_answers_name_the_parameter(params, parameter):
    with pytest.raises(InvalidAnswer) as error:
        _route({"danger": False, **params})
    assert error.value.parameter == parameter


def test_a_new_rule_version_is_previewed_before_it_is_published():
    admin = UserFactory()
    published = ruleset_published()
    rules = [
        {"name": "only police", "when": {}, "advise": [{"kind": "police", "why": {"nl": "Bel de politie."}}]},
        *published.rules,
    ]
    draft = ruleset_draft(rules=rules, note="politie eerst", by=admin)
    preview = route(draft.rules, Answers(who="victim", danger=True))
    assert preview[0].kind == "police"
    assert _route({"who": "victim", "danger": True})[0].kind == "emergency"  # the public still gets v1
    ruleset_publish(ruleset=draft, by=admin)
    assert _route({"who": "victim", "danger": True})[0].kind == "police"
    published.refresh_from_db()
    assert published.status == RuleSet.Status.RETIRED


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [{"when": {}}],
        [{"when": {"colour": "red"}, "advise": [{"kind": "x"}]}],
        [{"when": {"who": "alien"}, "advise": [{"kind": "x"}]}],
    ],
)
def test_invalid_rules_are_refused(rules):
    with pytest.raises(RulesInvalid):
        rules_validate(rules)
