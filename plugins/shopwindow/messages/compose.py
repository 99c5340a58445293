"""Writing a message: templates ``shopwindow/message/<kind>.txt`` (first line the subject, then the text
of an SMS or a messenger and of an email's plain part) and ``<kind>.html`` (an email's body), rendered in
the customer's language by the generator that renders their page. A theme overrides them by name."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..access.format import derive, message_token
from ..access.photo_cache import SealedPhotoCache
from ..access.secret import load_secret
from ..jobs.model import Job
from ..jobs.view import feedback_url, tracking_url
from ..photos import PhotoSettings, process_photo
from ..rendering import standalone, view_context
from ..urls import customer_url
from .due import DueMessage

TEMPLATES = "shopwindow/message/"
ATTACHED_WIDTH = 1600  # the widest rendition an attached photo may be


@dataclass(frozen=True)
class Written:
    subject: str
    text: str
    html: str
    photo: Path | None  # the update's photo, sent where the channel takes attachments


class Composer:
    def __init__(self, settings: dict):
        self.settings = settings
        self.generator = standalone(settings)
        self.sw = self.generator.sw
        self.secret = load_secret(settings)
        self.site = customer_url(settings, what="each message's link")

    def link(self, job: Job) -> str:
        """The job page's address; with the code when ``message_link_code`` says so."""
        keys = derive(self.secret, job.id, job.code_version)
        address = f"{self.site}/{self.sw.private_root}/{keys.slug}/"
        return address + (f"#{keys.code}" if self.sw.message_link_code else "")

    def message_id(self, job: Job, message: DueMessage, channel: str) -> str:
        host = self.site.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "shopwindow"
        return f"<{message_token(self.secret, job.id, message.key, channel)}@{host}>"

    def write(self, job: Job, message: DueMessage) -> Written:
        update = message.update
        variables = {
            **view_context(self.settings),
            "job": job,
            "message": message,
            "update": update,
            "stage": update.stage.label(job.language) if update else "",
            "link": self.link(job),
            "tracking_url": tracking_url(self.sw, job),
            "review_url": self.sw.review_url or feedback_url(self.sw, job),
            "business": self.sw.business,
            "site": self.sw.business.url or self.site,
        }
        text = self.generator.render(f"{TEMPLATES}{message.kind}.txt", variables, job.language)
        subject, _, body = text.strip().partition("\n")
        html = self.generator.render(f"{TEMPLATES}{message.kind}.html", variables, job.language)
        photo = update.photos[0].path if update and update.photos else None
        return Written(" ".join(subject.split()), body.strip() + "\n", html.strip(), photo)

    def attachment(self, photo: Path, folder: Path) -> Path:
        """The photo as the job page shows it (upright, no metadata, at most ATTACHED_WIDTH wide),
        written into ``folder`` for the channel to read."""
        settings = PhotoSettings.from_settings(self.sw)
        processed = process_photo(
            photo, settings, SealedPhotoCache(self.sw.cache_path, self.secret)
        )
        fitting = [r for r in processed.renditions if r.width <= ATTACHED_WIDTH]
        rendition = fitting[-1] if fitting else processed.renditions[0]
        path = folder / f"photo{Path(rendition.name).suffix}"
        path.write_bytes(rendition.read_bytes())
        return path


def scratch_folder() -> tempfile.TemporaryDirectory:
    """A private folder for one message's attachment, removed after it is sent."""
    return tempfile.TemporaryDirectory(prefix="shopwindow-message-")
