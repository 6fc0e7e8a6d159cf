"""Loading vocabulary versions from the data files. A loaded version is never changed; a new file is a new version."""

import hashlib
from pathlib import Path

import yaml

from django.db import transaction

from .models import Term, VocabularyVersion

DATA_DIR = Path(__file__).parent / "data"
REQUIRED_KINDS = (
    "exploitation_form",
    "indicator",
    "source_type",
    "legal_basis",
    "purpose",
    "routing_outcome",
    "organisation_type",
    "role",
)
_TERM_FIELDS = {"code", "parent", "nl", "en", "description_nl", "description_en", "source"}


class VocabularyError(ValueError):
    pass


def vocabulary_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("vocabulary-*.yaml"))


def vocabulary_validate(data: dict) -> None:
    """Raise VocabularyError naming the first problem in a vocabulary file's content."""
    for key in ("version", "published", "kinds"):
        if key not in data:
            raise VocabularyError(f"missing top-level key {key!r}")
    kinds = data["kinds"]
    for kind in REQUIRED_KINDS:
        if not kinds.get(kind):
            raise VocabularyError(f"kind {kind!r} is missing or empty")
    for kind, terms in kinds.items():
        seen = set()
        for term in terms:
            for key in ("code", "nl", "en"):
                if not term.get(key):
                    raise VocabularyError(f"{kind}: a term lacks {key!r}")
            if term["code"] in seen:
                raise VocabularyError(f"{kind}: code {term['code']!r} appears twice")
            seen.add(term["code"])
    forms = {term["code"] for term in kinds["exploitation_form"]}
    for indicator in kinds["indicator"]:
        if indicator.get("parent") not in forms:
            raise VocabularyError(f"indicator {indicator['code']!r} has no known exploitation form")


@transaction.atomic
def vocabulary_load(path: Path) -> tuple[VocabularyVersion, bool]:
    """Load one file. Returns (version, created). Refuses a file whose version exists with other content."""
    raw = path.read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    data = yaml.safe_load(raw)
    vocabulary_validate(data)
    label = str(data["version"])
    existing = VocabularyVersion.objects.filter(version=label).first()
    if existing:
        if existing.checksum != checksum:
            raise VocabularyError(
                f"vocabulary {label} is already loaded with other content; publish the change as a new version"
            )
        return existing, False
    version = VocabularyVersion.objects.create(
        version=label, published=data["published"], source=data.get("source", ""), checksum=checksum
    )
    Term.objects.bulk_create(
        Term(
            version=version,
            kind=kind,
            code=term["code"],
            parent_code=term.get("parent", "") or "",
            label_nl=term["nl"],
            label_en=term["en"],
            description_nl=term.get("description_nl", "") or "",
            description_en=term.get("description_en", "") or "",
            source=term.get("source", "") or "",
            position=position,
            extra={key: value for key, value in term.items() if key not in _TERM_FIELDS},
        )
        for kind, terms in data["kinds"].items()
        for position, term in enumerate(terms)
    )
    return version, True


def vocabulary_load_all(directory: Path = DATA_DIR) -> list[tuple[VocabularyVersion, bool]]:
    return [vocabulary_load(path) for path in vocabulary_files(directory)]
