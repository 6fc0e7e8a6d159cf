"""Scenarios for the Wegwijzer: answers and the contact kinds that must come first, in order, and must (not) appear.
Shared by the engine, HTML and API tests so each scenario is proven through every route."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    name: str
    params: dict
    first: list[str]
    includes: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)


def s(name, first, includes=(), excludes=(), **params):
    base = {"who": "concerned", "danger": False, "form": "unknown", "age": "unknown"}
    base.update(params)
    return Scenario(name, base, list(first), list(includes), list(excludes))


SCENARIOS = [
    s("danger always starts with 112", ["emergency"], danger=True, who="victim", form="sexual", age="adult"),
    s("danger for a minor still starts with 112", ["emergency", "veilig-thuis"], danger=True, age="minor"),
    s("danger at the airport: 112 then KMar", ["emergency", "kmar"], danger=True, border=True, form="labour"),
    s("adult sexual victim", ["care-coordinator", "comensha", "police"], who="victim", form="sexual", age="adult"),
    s(
        "adult labour victim",
        ["labour-inspectorate", "fairwork", "care-coordinator"],
        who="victim",
        form="labour",
        age="adult",
        excludes=["veilig-thuis", "emergency"],
    ),
    s(
        "labour exploitation at an airport",
        ["kmar", "labour-inspectorate"],
        who="concerned",
        form="labour",
        border=True,
    ),
    s(
        "worried about labour exploitation",
        ["labour-inspectorate", "fairwork", "police"],
        form="labour",
        excludes=["care-coordinator"],
    ),
    s("worried about a minor", ["veilig-thuis", "fier-chat", "police"], age="minor", form="sexual"),
    s("unaccompanied foreign minor", ["nidos", "veilig-thuis"], who="concerned", age="minor", unaccompanied=True),
    s("unaccompanied minor in danger", ["emergency", "nidos"], danger=True, age="minor", unaccompanied=True),
    s(
        "young victim of criminal exploitation",
        ["veilig-thuis", "fier-chat"],
        who="victim",
        age="minor",
        form="criminal",
        excludes=["comensha"],
    ),
    s(
        "criminal exploitation, age unknown",
        ["fier-chat", "care-coordinator", "comensha"],
        who="victim",
        form="criminal",
    ),
    s("worried, no idea what it is", ["police", "anonymous-line", "report-form"], excludes=["emergency"]),
    s(
        "professional, adult, sexual",
        ["care-coordinator", "comensha", "police", "report-form"],
        who="professional",
        form="sexual",
        age="adult",
        excludes=["anonymous-line"],
    ),
    s(
        "professional about a minor",
        ["veilig-thuis", "labour-inspectorate", "police", "report-form"],
        who="professional",
        age="minor",
        form="labour",
        excludes=["fier-chat", "fairwork"],
    ),
    s("professional at the border", ["kmar"], who="professional", border=True),
    s("forced begging, worried", ["police", "anonymous-line"], form="begging"),
    s("organ removal, victim", ["care-coordinator", "comensha", "police"], who="victim", form="organ", age="adult"),
    s(
        "victim from outside the EU",
        ["care-coordinator", "comensha"],
        who="victim",
        origin="non-eu",
        age="adult",
        form="sexual",
    ),
    s("victim prefers anonymity", [], who="victim", includes=["anonymous-line", "report-form"]),
    s("begging minor", ["veilig-thuis", "police"], form="begging", age="minor", excludes=["fier-chat"]),
    s("labour, minor", ["veilig-thuis", "labour-inspectorate", "fairwork"], form="labour", age="minor"),
    s("police always advised", [], includes=["police"], who="professional", form="organ"),
    s("no danger means no 112", [], excludes=["emergency"], who="victim", form="labour", age="adult"),
    s(
        "region Amsterdam gets the regional route",
        ["care-coordinator"],
        who="victim",
        age="adult",
        municipality="GM0363",
        form="unknown",
    ),
    s("region Utrecht", ["care-coordinator"], who="victim", age="adult", municipality="GM0344"),
    s("region Maastricht, minor", ["veilig-thuis"], age="minor", municipality="GM0935"),
    s("code without GM prefix", ["veilig-thuis"], age="minor", municipality="363"),
    s(
        "sexual exploitation, worried, adult",
        ["police", "anonymous-line", "report-form"],
        form="sexual",
        age="adult",
        excludes=["fier-chat"],
    ),
    s("English visitor", ["care-coordinator"], who="victim", age="adult", lang="en"),
    s(
        "Polish visitor gets English text marked pending",
        ["labour-inspectorate"],
        who="victim",
        form="labour",
        age="adult",
        lang="pl",
    ),
    s(
        "danger and labour and minor",
        ["emergency", "veilig-thuis", "labour-inspectorate"],
        danger=True,
        age="minor",
        form="labour",
    ),
]
