"""Building signals for tests through the real service, so every test signal is one a user could have made."""

from samen.signals.inputs import PersonInput, SignalInput
from samen.signals.models import Channel
from samen.signals.services import signal_submit


def signal_input(**overrides) -> SignalInput:
    values = {
        "source_type": "professional",
        "account": "Jonge vrouw wordt elke avond bij het station opgehaald door een oudere man.",
        "forms": ["sexual"],
        "indicators": ["sexual-older-contacts-pickup"],
        "municipality": "GM0344",
        "place_type": "station",
        "persons": [
            PersonInput(
                role="possible-victim", name="Anna Visser", estimated_age=19, identifiers=[("phone", "06 12345678")]
            )
        ],
    }
    values.update(overrides)
    return SignalInput(**values)


def make_signal(organisation, reporter=None, channel=Channel.INTAKE_FORM, **overrides):
    return signal_submit(data=signal_input(**overrides), organisation=organisation, channel=channel, reporter=reporter)
