"""What the wall may truthfully say was verified of a testimonial.

- ``"page"`` ("Written on the job's page"): its ``Testimonial-Code`` is one the page of its ``Job``
  made, for the words, rating, name, language and consent statement the file holds now. Only a holder
  of that job's access code could make it (``access/format.py``), so no one else wrote it; a word, the
  rating or the name changed since (even a typo fixed) and it is no longer what the customer sent.
- ``"job"`` ("Verified job"): staff linked it to a job of this site (``Job`` names one).
- ``""``: neither; no badge.

The build checks each; where a file claims more than holds, it says so in one line and shows less.
"""

from __future__ import annotations

import re

from ..access.format import TESTIMONIAL_FORMAT, answer_key, normalise_code, testimonial_code
from ..access.secret import SecretError, load_secret
from ..jobs.model import job_ids, read_job_header
from ..sources import ContentError
from .model import Testimonial

CODE = r"(?P<code>[0-9A-Za-z]{5}-?[0-9A-Za-z]{5})"
TOKEN = re.compile(
    r"(?P<job>[^\s/]+)/T(?P<format>\d+)/(?P<lang>[a-z]{2})/C(?P<consent>[0-9A-Za-z.-]+)/"
    r"R(?P<rating>\d+)/N(?P<name_tag>[0-9A-Za-z]{5})/W(?P<words_tag>[0-9A-Za-z]{5})/" + CODE + r"\b"
)
PAGE, JOB = "page", "job"


class JobKeys:
    """The answer keys of a job, one per access code it has had, newest first: a testimonial written
    before the code was changed is still its customer's."""

    def __init__(self, secret: bytes, job_id: str, code_version: int) -> None:
        self.keys = [answer_key(secret, job_id, v) for v in range(code_version, 0, -1)]

    def code_of(self, job: str, lang: str, consent: str, rating: int, name: str, words: str,
                code: str) -> bool:  # fmt: skip
        """Whether one of the keys makes ``code`` (normalised) of these fields."""
        fields = (lang, consent, rating, name, words)
        return any(testimonial_code(key, job, *fields) == code for key in self.keys)


def _made_on_page(settings: dict, testimonial: Testimonial, secret: bytes) -> bool:
    token = TOKEN.fullmatch(testimonial.code_line)
    if not token or token["job"] != testimonial.job or int(token["format"]) != TESTIMONIAL_FORMAT:
        return False
    if testimonial.rating is None or testimonial.language != token["lang"]:
        return False
    try:
        versions = read_job_header(settings, testimonial.job).code_version
    except ContentError:
        return False
    return JobKeys(secret, testimonial.job, versions).code_of(
        testimonial.job, token["lang"], token["consent"], testimonial.rating, testimonial.author,
        testimonial.text, code=normalise_code(token["code"]),
    )  # fmt: skip


def verifications(
    settings: dict, testimonials: list[Testimonial]
) -> tuple[dict[str, str], list[str]]:
    """{slug: "page", "job" or ""} of ``testimonials``, and one line per file claiming more."""
    known = set(job_ids(settings)) if any(t.job for t in testimonials) else set()
    secret = None
    found, said = {}, []
    for t in testimonials:
        kind = JOB if t.job in known else ""
        if t.job and not kind:
            said.append(f'{t.source_path}: Job "{t.job}" is not a job of this site: shown without '
                        '"Verified job"')  # fmt: skip
        if kind and t.code_line:
            if secret is None:
                try:
                    secret = load_secret(settings, create=False)
                except SecretError:
                    secret = b""
            if secret and _made_on_page(settings, t, secret):
                kind = PAGE
            else:
                said.append(
                    f"{t.source_path}: Testimonial-Code does not match its words, rating, name or "
                    'language (changed since the customer sent it?): shown as "Verified job", not '
                    '"Written on the job\'s page"'
                )
        found[t.slug] = kind
    return found, said
