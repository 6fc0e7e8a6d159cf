"""Rules as YAML text for admins to edit, and back. The engine's own check (services.rules_validate) is the
authority; the checks here come first only to refuse shapes that it does not look at but the public pages rely on
(texts per language, kinds as names), and to say every problem in plain Dutch."""

import re

import yaml

from django.utils.translation import gettext_lazy

from .languages import CONTENT_LANGUAGES
from .services import RulesInvalid, rules_validate

RULE_KEYS = {"name", "when", "advise"}
ADVICE_KEYS = {"kind", "why"}
KIND = re.compile(r"[a-z][a-z0-9-]{0,31}")

YAML_INVALID = gettext_lazy("This is not valid YAML (line %(line)s): %(problem)s")
NO_ALIASES = gettext_lazy("Anchors and aliases (& and *) are not allowed: write every rule out in full.")
NOT_A_LIST = gettext_lazy("The rules must be a list with at least one rule; each rule starts with '- name:'.")
RULE_NOT_MAPPING = gettext_lazy("Rule %(number)s must have the keys name, when and advise.")
RULE_UNKNOWN_KEY = gettext_lazy("Rule %(number)s: unknown key '%(key)s'. Use name, when and advise.")
NAME_NOT_TEXT = gettext_lazy("Rule %(number)s: the name must be text.")
WHEN_NOT_MAPPING = gettext_lazy("Rule %(number)s: 'when' must list conditions, e.g. {who: victim}, or {} for always.")
ADVISE_MISSING = gettext_lazy("Rule %(number)s needs a list 'advise' with at least one contact kind.")
ADVICE_NOT_MAPPING = gettext_lazy("Rule %(number)s: every advice needs a kind and a why, e.g. {kind: police, why: …}.")
ADVICE_UNKNOWN_KEY = gettext_lazy("Rule %(number)s: unknown key '%(key)s' in an advice. Use kind and why.")
KIND_INVALID = gettext_lazy(
    "Rule %(number)s: the kind must be a short code of lower-case letters and hyphens, e.g. care-coordinator."
)
WHY_INVALID = gettext_lazy(
    'Rule %(number)s, kind %(kind)s: \'why\' must give a text per language, e.g. {nl: "…", en: "…"}.'
)
WHY_LANGUAGE = gettext_lazy("Rule %(number)s, kind %(kind)s: '%(language)s' is not a content language (%(allowed)s).")
WHY_NEEDS_DUTCH_OR_ENGLISH = gettext_lazy(
    "Rule %(number)s, kind %(kind)s: 'why' needs a text in Dutch (nl) or English (en)."
)
CONDITION_UNKNOWN = gettext_lazy("Rule %(number)s: the condition %(condition)s is not known.")
NOT_USABLE = gettext_lazy("The Wegwijzer cannot use these rules: %(problem)s")


class RulesTextInvalid(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class _AliasFound(yaml.YAMLError):
    pass


class _NoAliasLoader(yaml.SafeLoader):
    """Aliases let a few lines expand into gigabytes once stored as JSON; rules never need them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound()
        return super().compose_node(parent, index)


def rules_to_text(rules: list) -> str:
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def rules_from_text(text: str) -> list:
    """Parse and check a rule set typed by an admin. Raises RulesTextInvalid with a message for the interface."""
    try:
        document = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except _AliasFound as error:
        raise RulesTextInvalid(str(NO_ALIASES), "yaml_alias") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        problem = error.problem or error.context or ""
        raise RulesTextInvalid(str(YAML_INVALID) % {"line": line, "problem": problem}, "yaml_invalid") from error
    except (yaml.YAMLError, RecursionError) as error:
        raise RulesTextInvalid(str(YAML_INVALID) % {"line": "?", "problem": ""}, "yaml_invalid") from error
    # The data file's shape ("version: …, rules: […]") is accepted too, so one can paste rules.yaml as it is.
    if isinstance(document, dict) and "rules" in document:
        document = document["rules"]
    _check_shape(document)
    try:
        rules_validate(document)
    except RulesInvalid as problem:
        raise RulesTextInvalid(_problem_in_dutch(str(problem)), "rules_invalid") from problem
    return document


def _fail(message, code: str, **params) -> None:
    raise RulesTextInvalid(str(message) % params if params else str(message), code)


def _check_shape(rules) -> None:
    if not isinstance(rules, list) or not rules:
        _fail(NOT_A_LIST, "not_a_list")
    for number, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict):
            _fail(RULE_NOT_MAPPING, "rule_not_mapping", number=number)
        for key in rule:
            if key not in RULE_KEYS:
                _fail(RULE_UNKNOWN_KEY, "rule_unknown_key", number=number, key=key)
        if not isinstance(rule.get("name", ""), str):
            _fail(NAME_NOT_TEXT, "name_not_text", number=number)
        if not isinstance(rule.get("when") or {}, dict):
            _fail(WHEN_NOT_MAPPING, "when_not_mapping", number=number)
        advise = rule.get("advise")
        if not isinstance(advise, list) or not advise:
            _fail(ADVISE_MISSING, "advise_missing", number=number)
        for advice in advise:
            _check_advice(advice, number)


def _check_advice(advice, number: int) -> None:
    if not isinstance(advice, dict):
        _fail(ADVICE_NOT_MAPPING, "advice_not_mapping", number=number)
    for key in advice:
        if key not in ADVICE_KEYS:
            _fail(ADVICE_UNKNOWN_KEY, "advice_unknown_key", number=number, key=key)
    kind = advice.get("kind")
    if not isinstance(kind, str) or not KIND.fullmatch(kind):
        _fail(KIND_INVALID, "kind_invalid", number=number)
    why = advice.get("why")
    if not isinstance(why, dict) or not all(isinstance(text, str) and text.strip() for text in why.values()):
        _fail(WHY_INVALID, "why_invalid", number=number, kind=kind)
    for language in why:
        if language not in CONTENT_LANGUAGES:
            allowed = ", ".join(CONTENT_LANGUAGES)
            _fail(WHY_LANGUAGE, "why_language", number=number, kind=kind, language=language, allowed=allowed)
    if not (why.get("nl") or why.get("en")):
        _fail(WHY_NEEDS_DUTCH_OR_ENGLISH, "why_needs_dutch_or_english", number=number, kind=kind)


# The engine's messages are English; these patterns give them in the interface language.
_ENGINE_MESSAGES = [
    (re.compile(r"the rules must be a non-empty list"), NOT_A_LIST),
    (re.compile(r"rule (?P<number>\d+): needs a list 'advise'"), ADVISE_MISSING),
    (re.compile(r"rule (?P<number>\d+): condition (?P<condition>.+) is not known"), CONDITION_UNKNOWN),
    (re.compile(r"rule (?P<number>\d+): every advice needs a kind"), ADVICE_NOT_MAPPING),
]


def _problem_in_dutch(problem: str) -> str:
    for pattern, message in _ENGINE_MESSAGES:
        if match := pattern.fullmatch(problem):
            return str(message) % match.groupdict() if match.groupdict() else str(message)
    return str(NOT_USABLE) % {"problem": problem}
