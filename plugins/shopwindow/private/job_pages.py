"""A job's page as a private document: what it shows (``jobs/view.py``), its reports, its camera frames,
and where its photos may come from. The build and ``shopwindow watch`` both make it here."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
from pathlib import Path

from ..access.documents import PrivateDocument
from ..access.format import ANSWER_FORMAT, TESTIMONIAL_FORMAT, answer_key, referral_code
from ..jobs.cameras import Bays, FrameIndex, frames_for_job
from ..jobs.model import Job, jobs_root
from ..jobs.quotes import URGENCIES, quote_items
from ..jobs.view import expired, job_view
from ..photos.timelapse import Timelapse, TimelapseSettings
from ..settings import LANGUAGES, ShopwindowSettings, shopwindow_settings
from ..urls import local_url, public_url

TEMPLATE = "shopwindow/job"
EXPIRED_TEMPLATE = "shopwindow/expired"


def attached_cases(job: Job, cases) -> list:
    """The job's result reports, all of them: private (shown only here) or published; never a draft."""
    return [
        c
        for c in cases
        if c.status in ("private", "published")
        and (c.job == job.id or (job.case and c.slug == job.case))
    ]


def answer_links(sw: ShopwindowSettings) -> dict[str, str]:
    """Where the customer's answer goes, by ``answer_channels``: the business's addresses (a channel
    without one is left out). The page adds the prefilled text."""
    business = sw.business
    digits = {key: re.sub(r"[^0-9+]", "", getattr(business, key)) for key in ("phone", "whatsapp")}
    targets = {
        "email": f"mailto:{business.email}" if business.email else "",
        "sms": f"sms:{digits['phone']}" if digits["phone"] else "",
        "whatsapp": f"https://wa.me/{digits['whatsapp'].lstrip('+')}" if digits["whatsapp"] else "",
    }
    return {name: targets[name] for name in sw.answer_channels if targets[name]}


# What each answer channel needs of the business.
CHANNEL_FIELDS = {"email": "email", "sms": "phone", "whatsapp": "whatsapp or phone"}


def unanswerable(job: Job, sw: ShopwindowSettings) -> str | None:
    """Why the customer of this job cannot send the answer its quote asks for (the page would show the
    quote with no button to send it), or None. The build warns with it and ``check`` fails."""
    if not (job.quote and job.status == "active") or answer_links(sw):
        return None
    needs = ", ".join(
        f'{channel} needs "{CHANNEL_FIELDS[channel]}"' for channel in sw.answer_channels
    )
    return (
        f'{job.path}: [quote]: the customer has no way to send an answer: SHOPWINDOW["business"] '
        f"has no address for answer_channels ({needs}); set the business's email or phone"
    )


def suggested_name(customer: str) -> str:
    """The name the card suggests: the first name and the initial of the last ("Ion P.")."""
    parts = customer.split()
    if len(parts) < 2:
        return customer.strip()
    return f"{parts[0]} {parts[-1][0]}."


def testimonial_form(job: Job, sw: ShopwindowSettings, secret: bytes) -> dict:
    """What the done job's card needs to write the customer's testimonial and its code (the answer key:
    in the sealed view only, like a quote's)."""
    consent = sw.testimonial_consent
    lang = job.language if job.language in LANGUAGES else sw.lang
    return {
        "job": job.id,
        "key": base64.b64encode(answer_key(secret, job.id, job.code_version)).decode(),
        "lang": lang,
        "consent_version": consent["version"],
        "consent": consent[lang],
        "name": suggested_name(job.customer),
        "service": job.services[0] if job.services else "",
        "links": answer_links(sw),
        "format": TESTIMONIAL_FORMAT,
    }


def respond_variables(job: Job, settings: dict, secret: bytes) -> dict:
    """What the page needs for the customer to answer a quote (the answer key, in the sealed view
    only) and, once the job is done, to recommend the shop (their personal link)."""
    sw = shopwindow_settings(settings)
    variables: dict = {"quote": job.quote, "answer": job.answer, "quote_groups": [],
                       "answer_form": None, "referral_url": ""}  # fmt: skip
    if job.quote:
        numbered = list(enumerate(job.quote.items))
        variables["quote_groups"] = [
            (urgency, [(i, item) for i, item in numbered if item.urgency == urgency])
            for urgency in URGENCIES
            if any(item.urgency == urgency for item in job.quote.items)
        ]
        if job.status == "active":
            key = answer_key(secret, job.id, job.code_version)
            variables["answer_form"] = {
                "job": job.id,
                "quote": job.quote.version,
                "key": base64.b64encode(key).decode(),
                "lang": job.language,
                "currency": sw.currency.upper(),
                "links": answer_links(sw),
                "prices": [None if i.price is None else float(i.price) for i in job.quote.items],
                "names": [item.name for item in job.quote.items],
                # What the answer code binds (format 2): the items as the page shows them.
                "format": ANSWER_FORMAT,
                "items": quote_items(job.quote),
            }
    if job.status == "done":
        variables["testimonial_form"] = testimonial_form(job, sw, secret)
        # Shared by the customer: the public address (a development build without one: this machine's).
        site = public_url(settings) or local_url(settings)
        variables["referral_url"] = f"{site}/?ref={referral_code(secret, job.id)}"
    return variables


def job_document(
    job: Job,
    settings: dict,
    secret: bytes,
    cases,
    frames: dict[str, FrameIndex],
    today: dt.date,
    bays: Bays | None = None,
) -> PrivateDocument:
    """The private document of one job page (an expired notice once past retention). ``bays``: who
    stood in each bay when, among all jobs (else the job's own log decides alone)."""
    sw = shopwindow_settings(settings)
    if expired(job, sw.job_retention_days, today):
        return PrivateDocument(job.id, job.path, EXPIRED_TEMPLATE, expired=True, lang=job.language)
    reports = attached_cases(job, cases)
    held = bays.stays(job.id) if bays is not None else None
    camera = frames_for_job(job, frames, sw.camera_keep_every, held)
    roots = [case.folder for case in reports]
    roots += [Path(sw.cameras[bay]) for bay in dict.fromkeys(f.bay for f in camera.kept)]
    inputs = None
    if not reports:  # a report's photos and text live elsewhere: found in the view
        own = [Path(place, name) for place, _, names in os.walk(job.folder) for name in names]
        inputs = tuple(sorted(own)) + tuple(frame.path for frame in camera.kept)
    return PrivateDocument(
        job_id=job.id,
        source_path=job.path,
        template=TEMPLATE,
        variables={
            **job_view(job, settings, today),
            **respond_variables(job, settings, secret),
            "cases": reports,
            "camera": camera,
        },
        base=job.folder,
        roots=tuple(dict.fromkeys(roots)),
        job_folder=job.folder,
        jobs_root=jobs_root(settings),
        inputs=inputs,
        lang=job.language,
        timelapse=(
            Timelapse(camera.timelapse, TimelapseSettings.from_settings(sw))
            if len(camera.timelapse) > 1
            else None
        ),
    )
