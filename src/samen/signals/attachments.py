"""Checking uploaded files and removing what could give a reporter away (EXIF and GPS data in photos)."""

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
MESSAGES = {
    "too_large": _("A file may be at most 10 MB."),
    "wrong_type": _("Only photos (JPEG, PNG) and PDF files can be added."),
    "too_many_files": _("At most 5 files can be added."),
    "unreadable": _("This file could not be read. Is it a real photo or PDF?"),
}


class AttachmentInvalid(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    content: ContentFile


def _sniff(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return ""


def attachment_clean(upload) -> CleanFile:
    """Check size and real type (by content, not by name); re-encode images without any metadata."""
    if upload.size > MAX_BYTES:
        raise AttachmentInvalid("too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentInvalid("too_large")
    content_type = _sniff(data[:8])
    if not content_type:
        raise AttachmentInvalid("wrong_type")
    if content_type.startswith("image/"):
        data = _strip_image_metadata(data, "JPEG" if content_type == "image/jpeg" else "PNG")
    base = (upload.name or "bestand").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "bestand"
    return CleanFile(f"{base}.{ALLOWED[content_type]}", content_type, ContentFile(data))


def _strip_image_metadata(data: bytes, image_format: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Copy only the pixels: EXIF (with GPS position, camera, time), XMP and comments stay behind.
            clean = Image.new(image.mode, image.size)
            clean.putdata(list(image.getdata()) if image.mode == "P" else image.getdata())
            if image.mode == "P" and image.getpalette():
                clean.putpalette(image.getpalette())
            out = io.BytesIO()
            clean.save(out, format=image_format)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise AttachmentInvalid("unreadable") from error
