"""What every channel (public form, intake form, API, import) hands to the services, after checking types."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class PersonInput:
    role: str
    name: str = ""
    alias: str = ""
    date_of_birth: date | None = None
    estimated_age: int | None = None
    gender: str = ""
    nationality: str = ""
    languages: str = ""
    identifiers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SignalInput:
    source_type: str
    account: str
    forms: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    municipality: str = ""
    place_type: str = ""
    observed_on: date | None = None
    immediate_danger: bool = False
    minor_involved: str = "unknown"
    own_reference: str = ""
    persons: list[PersonInput] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
