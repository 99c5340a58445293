"""The staff page's routes. Every page but pairing needs a paired device (its key in an HttpOnly,
SameSite=Strict cookie); every change also needs the form's CSRF token (an HMAC of the device's key) and
an ``Origin`` that is this page's own. Changes go through ``jobs.staff``, as ``shopwindow job ...`` does:
the same checks, the job's lock, nothing written when anything is refused.

The work of each request (reading jobs, checking photos and clips, waiting for a job's lock, writing)
runs in Starlette's thread pool, never on the event loop: one phone sending a long clip does not hold
up another's page.

No script: forms, links and a camera file input, so the page works on any phone. Its own stylesheet only
(``Content-Security-Policy: default-src 'self'``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import shutil
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..clock import latest, today
from ..errors import ShopwindowError
from ..handover import job_link
from ..i18n import localdate, translations
from ..jobs.model import JOB_FILE, job_folder, load_job, load_jobs
from ..jobs.staff import (
    CLOCK_SLACK,
    add_quote,
    add_staff_note,
    add_update,
    mark_done,
    new_job,
    record_answer,
)
from ..messages.followups import call_subject, open_calls
from ..settings import LANGUAGES, shopwindow_settings
from .devices import Device, DeviceError, DeviceStore

COOKIE = "shopwindow_device"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "staff"
ICON = Path(__file__).resolve().parent.parent / "static" / "icon.svg"
STYLESHEET = Path(__file__).resolve().parent / "staff.css"  # the page's own, not the public site's
PAIR_ATTEMPTS = 5  # failed pairings from one address ...
PAIR_WINDOW = 600  # ... in this many seconds, then refused until the window has passed
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # ("no-referrer" makes a form's Origin "null")
    "Cache-Control": "no-store",
}
SAFE_NAME = re.compile(r"[^\w.-]+")
QUOTE_ROWS = 3  # found-work items a send of the page holds (another send makes the next version)
QUOTE_PARTS = ("item", "price", "urgency", "item-note")


class Refused(Exception):
    """A request refused with a status and a message for the page, said in the staff's language
    (``message`` is the English text the catalogs translate, ``values`` fill it)."""

    def __init__(self, status: int, message: str, **values):
        super().__init__(message)
        self.status, self.message, self.values = status, message, values


def csrf_token(key: str) -> str:
    return hmac.new(key.encode(), b"shopwindow staff page form", hashlib.sha256).hexdigest()


def upload_name(filename: str) -> str:
    """A sent file's name as it is stored: its last part only, without anything but letters, digits,
    dots, dashes and underscores ("../../x.jpg" is "x.jpg"), never hidden."""
    name = SAFE_NAME.sub("-", Path(filename.replace("\\", "/")).name).strip(".-")
    return name or "photo"


class StaffPage:
    def __init__(self, settings: dict):
        self.failures: dict[str, deque] = defaultdict(deque)
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
        self.env.filters["day"] = lambda value: localdate(value, self.sw.lang, "medium")
        self.use(settings)

    def use(self, settings: dict) -> None:
        """Serve with these settings from the next request on: the watcher calls it when it has
        read the settings files again (a new language, bay, stage or upload limit)."""
        sw = shopwindow_settings(settings)
        catalog = translations("", sw.lang)
        self.tr = lambda message, **values: (
            catalog.gettext(message) % values if values else catalog.gettext(message)
        )  # this page's own: the process's other lines keep their language
        self.settings, self.sw, self.devices = settings, sw, DeviceStore(settings)
        self.env.globals.update(_=self.tr, lang=sw.lang, shop=sw.business.name)
        limit = sw.staff_max_upload_mb * 1024 * 1024
        self.inner = (
            Starlette(routes=self.routes(), max_body_size=limit,
                      exception_handlers={413: self.too_large}),
            limit,
        )  # fmt: skip

    # ------------------------------------------------------------------ the plumbing
    def page(self, name: str, request: Request, status: int = 200, **values) -> HTMLResponse:
        device = values.pop("device", None)
        key = request.cookies.get(COOKIE, "")
        html = self.env.get_template(name).render(
            device=device, csrf=csrf_token(key) if device else "", **values
        )
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def paired(self, request: Request) -> Device:
        device = self.devices.device(request.cookies.get(COOKIE, ""))
        if device is None:
            raise Refused(401, "This phone is not paired with the staff page. Ask for a pairing "
                               'code: shopwindow staff pair --name "..."')  # fmt: skip
        return device

    def same_origin(self, request: Request) -> None:
        origin = request.headers.get("origin", "")
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin != own:
            raise Refused(403, "Refused: this form was not sent from the staff page itself.")

    async def changing(self, request: Request):
        """(the device, the form) of a request that changes something, each check passed."""
        self.same_origin(request)
        device = self.paired(request)
        form = await request.form(max_files=20)
        expected = csrf_token(request.cookies.get(COOKIE, ""))
        if not hmac.compare_digest(str(form.get("csrf", "")), expected):
            raise Refused(403, "Refused: the form is out of date. Open the page again and "
                                  "send it once more.")  # fmt: skip
        return device, form

    def handle(self, handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as refused:
                message = self.tr(refused.message, **refused.values)
                return self.page("message.html", request, refused.status, message=message)
            except ShopwindowError as error:  # its reason in English, as the command says it
                device = self.devices.device(request.cookies.get(COOKIE, ""))
                message = self.tr("Nothing was changed: %(reason)s", reason=str(error))
                return self.page("message.html", request, 400, message=message, device=device)

        return endpoint

    # ------------------------------------------------------------------ pairing
    async def pair_form(self, request: Request) -> Response:
        return self.page("pair.html", request, token=request.query_params.get("t", ""))

    async def pair(self, request: Request) -> Response:
        self.same_origin(request)
        client = request.client.host if request.client else "?"
        attempts = self.failures[client]
        while attempts and attempts[0] < time.monotonic() - PAIR_WINDOW:
            attempts.popleft()
        if len(attempts) >= PAIR_ATTEMPTS:
            raise Refused(429, "Too many pairing attempts from this phone: wait ten minutes.")
        form = await request.form()
        try:
            _device, key = self.devices.pair(
                token=str(form.get("token", "")), short_code=str(form.get("code", ""))
            )
        except DeviceError:
            attempts.append(time.monotonic())
            raise Refused(403, "This pairing code is not known or has expired: ask for a "
                                  "new one.") from None  # fmt: skip
        response = RedirectResponse("/", status_code=303, headers=SECURITY_HEADERS)
        response.set_cookie(COOKIE, key, max_age=400 * 86400, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")  # fmt: skip
        return response

    # ------------------------------------------------------------------ jobs
    async def jobs(self, request: Request) -> Response:
        device = self.paired(request)
        query = request.query_params.get("q", "").strip()
        jobs, _problems = await run_in_threadpool(load_jobs, self.settings)
        active = [job for job in jobs if job.status == "active"]
        if query:
            folded = query.casefold()
            active = [j for j in active if folded in " ".join(
                (j.id, j.title, j.customer, j.item or "", j.bay or "")).casefold()]  # fmt: skip
        active.sort(key=lambda job: job.received or dt.datetime.min, reverse=True)
        return self.page("jobs.html", request, device=device, jobs=active, query=query)

    def job_id(self, request: Request) -> str:
        """The job the address names, which must exist (a job removed since the page was opened)."""
        job_id = request.path_params["job_id"]
        try:
            exists = (job_folder(self.settings, job_id) / JOB_FILE).is_file()
        except ShopwindowError:
            exists = False
        if not exists:
            raise Refused(404, "There is no job %(job)s (removed since?); nothing was changed.",
                          job=job_id)  # fmt: skip
        return job_id

    async def job(self, request: Request) -> Response:
        device = self.paired(request)
        job = await run_in_threadpool(load_job, self.settings, self.job_id(request))
        return self.page("job.html", request, device=device, job=job, bays=sorted(self.sw.cameras),
                         sent=bool(request.query_params.get("sent")),
                         quote_rows=range(QUOTE_ROWS))  # fmt: skip

    async def update(self, request: Request) -> Response:
        device, form = await self.changing(request)
        job_id = self.job_id(request)
        notify = {"notify": True, "silent": False}.get(str(form.get("notify", "")))
        at = _moment(str(form.get("at", "")))
        with tempfile.TemporaryDirectory(prefix="shopwindow-staff-") as folder:
            photos = await run_in_threadpool(_saved_files, form.getlist("files"), Path(folder))
            try:
                await run_in_threadpool(
                    add_update, self.settings, job_id, str(form.get("stage", "")),
                    note=str(form.get("note", "")).strip(), bay=str(form.get("bay", "")) or None,
                    photos=photos, at=at, notify=notify, device=device.name,
                )  # fmt: skip
            except ShopwindowError as error:
                raise ShopwindowError(str(error).replace(folder + "/", "")) from None
        return RedirectResponse(f"/jobs/{job_id}?sent=1", status_code=303, headers=SECURITY_HEADERS)

    async def quote(self, request: Request) -> Response:
        """Found work: up to ``QUOTE_ROWS`` items (name, price, urgency, note, a photo each) as the
        job's next quote, through ``add_quote`` as ``job quote --item`` gives them."""
        device, form = await self.changing(request)
        job_id = self.job_id(request)
        with tempfile.TemporaryDirectory(prefix="shopwindow-staff-") as folder:
            items = []
            for row in range(QUOTE_ROWS):
                fields = [str(form.get(f"{part}-{row}", "")).strip() for part in QUOTE_PARTS]
                if not fields[0]:
                    continue
                if any("|" in field for field in fields):
                    raise Refused(400, 'Found work: "|" cannot be part of an item, its price or '
                                       "its note.")  # fmt: skip
                photos = await run_in_threadpool(
                    _saved_files, [form.get(f"photo-{row}")], Path(folder) / str(row), True
                )
                name, price, urgency, note = fields
                photo = str(photos[0]) if photos else ""
                items.append(" | ".join([name, price, urgency, photo, note]))
            if not items:
                raise Refused(400, "Found work: give at least one item's name.")
            try:
                await run_in_threadpool(add_quote, self.settings, job_id, items, device=device.name)
            except ShopwindowError as error:
                raise ShopwindowError(str(error).replace(folder + "/", "")) from None
        return RedirectResponse(f"/jobs/{job_id}?sent=1", status_code=303, headers=SECURITY_HEADERS)

    async def done(self, request: Request) -> Response:
        device, _form = await self.changing(request)
        job_id = self.job_id(request)
        await run_in_threadpool(mark_done, self.settings, job_id, device=device.name)
        return RedirectResponse(f"/jobs/{job_id}?sent=1", status_code=303, headers=SECURITY_HEADERS)

    async def answer(self, request: Request) -> Response:
        device, form = await self.changing(request)
        job_id = self.job_id(request)
        await run_in_threadpool(
            record_answer, self.settings, job_id, str(form.get("message", "")), device=device.name
        )
        return RedirectResponse(f"/jobs/{job_id}?sent=1", status_code=303, headers=SECURITY_HEADERS)

    # ------------------------------------------------------------------ the counter
    async def new_form(self, request: Request) -> Response:
        device = self.paired(request)
        return self.page("new.html", request, device=device, languages=LANGUAGES,
                         bays=sorted(self.sw.cameras), form={})  # fmt: skip

    async def new(self, request: Request) -> Response:
        device, form = await self.changing(request)
        field = {name: str(value).strip() for name, value in form.items() if name != "files"}
        promised = _promised(field.get("promised", ""), field.get("days", ""))
        contact = {"Email": field.get("email", ""), "Phone": field.get("phone", ""),
                   "Language": field.get("language", ""),
                   "Notify": "" if field.get("consent") else "no"}  # fmt: skip
        await run_in_threadpool(new_job, self.settings, field.get("job_id", ""), field.get("title", ""),
                field.get("customer", ""), promised, bay=field.get("bay") or None,
                item=field.get("item", ""), contact=contact, device=device.name)  # fmt: skip
        return RedirectResponse(f"/jobs/{field['job_id']}/ticket", status_code=303,
                                headers=SECURITY_HEADERS)  # fmt: skip

    async def ticket(self, request: Request) -> Response:
        import segno

        device = self.paired(request)
        job = await run_in_threadpool(load_job, self.settings, self.job_id(request))
        link = await run_in_threadpool(job_link, self.settings, job.id)
        qr = segno.make(link["url"], error="m").svg_inline(scale=6, border=2)
        return self.page("ticket.html", request, device=device, job=job, link=link, qr=qr)

    # ------------------------------------------------------------------ calls
    async def calls(self, request: Request) -> Response:
        device = self.paired(request)
        jobs, _problems = await run_in_threadpool(load_jobs, self.settings)
        due = [call for call in open_calls(jobs, self.sw, today()) if call.due <= today()]
        return self.page("calls.html", request, device=device, calls=due)

    async def call_done(self, request: Request) -> Response:
        device, form = await self.changing(request)
        job_id, _, key = str(form.get("call", "")).partition("/")
        job = await run_in_threadpool(load_job, self.settings, job_id)
        calls = [c for c in open_calls([job], self.sw, today()) if c.key == key]
        if not calls:
            raise Refused(404, "This call is not due any more (made already?).")
        await run_in_threadpool(add_staff_note, self.settings, job_id, call_subject(key),
                                str(form.get("note", "")), device=device.name)  # fmt: skip
        return RedirectResponse("/calls?sent=1", status_code=303, headers=SECURITY_HEADERS)

    async def stylesheet(self, request: Request) -> Response:
        return Response(STYLESHEET.read_bytes(), media_type="text/css", headers=SECURITY_HEADERS)

    async def icon(self, request: Request) -> Response:
        """The private pages' icon (a lock), which every page names (no browser asks /favicon.ico)."""
        return Response(ICON.read_bytes(), media_type="image/svg+xml", headers=SECURITY_HEADERS)

    def routes(self) -> list[Route]:
        h = self.handle
        return [
            Route("/", h(self.jobs)),
            Route("/pair", h(self.pair_form), methods=["GET"]),
            Route("/pair", h(self.pair), methods=["POST"]),
            Route("/jobs/new", h(self.new_form), methods=["GET"]),
            Route("/jobs/new", h(self.new), methods=["POST"]),
            Route("/jobs/{job_id}", h(self.job), methods=["GET"]),
            Route("/jobs/{job_id}/ticket", h(self.ticket), methods=["GET"]),
            Route("/jobs/{job_id}/update", h(self.update), methods=["POST"]),
            Route("/jobs/{job_id}/quote", h(self.quote), methods=["POST"]),
            Route("/jobs/{job_id}/done", h(self.done), methods=["POST"]),
            Route("/jobs/{job_id}/answer", h(self.answer), methods=["POST"]),
            Route("/calls", h(self.calls), methods=["GET"]),
            Route("/calls/done", h(self.call_done), methods=["POST"]),
            Route("/staff.css", self.stylesheet),
            Route("/icon.svg", self.icon),
        ]

    def app(self):
        async def app(scope, receive, send):
            """A send whose stated length is over the limit gets the page's own message at once, its
            body never read (Starlette's limit answers it in plain text); one without a stated
            length is cut off by Starlette's limit as it streams, with the same message."""
            inner, limit = self.inner  # as the settings are now (``use``)
            if scope["type"] == "http":
                length = Headers(scope=scope).get("content-length", "")
                if length.isdigit() and int(length) > limit:
                    await (await self.too_large(Request(scope), None))(scope, receive, send)
                    return
            await inner(scope, receive, send)

        return app

    async def too_large(self, request: Request, _exc) -> Response:
        message = self.tr("Refused: what you sent is over %(mb)s MB (setting staff_max_upload_mb). "
                     "Send fewer photos or a shorter clip at a time.",
                     mb=self.sw.staff_max_upload_mb)  # fmt: skip
        return self.page("message.html", request, 413, message=message)


def _saved_files(files, folder: Path, make: bool = False) -> list[Path]:
    """Each sent file (a photo, a clip) in ``folder`` (made first with ``make``) under its safe name,
    for ``jobs.staff`` to check and copy into the job's folder; a field sent without a file is none."""
    if make:
        folder.mkdir()
    saved, taken = [], set()
    for upload in files:
        if not getattr(upload, "filename", None):
            continue
        name = upload_name(upload.filename)
        while name in taken:
            name = f"x-{name}"
        taken.add(name)
        path = folder / name
        with path.open("wb") as out:
            upload.file.seek(0)
            shutil.copyfileobj(upload.file, out)
        saved.append(path)
    return saved


def _moment(text: str) -> dt.datetime | None:
    """The form's time, to the minute (None: now); one still to come is refused, as the command
    refuses it (``jobs.staff``: a clock a little ahead is let through)."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text).replace(second=0, microsecond=0)
    except ValueError:
        raise Refused(400, '"%(text)s" is not a time like 2026-11-21 10:30', text=text) from None
    if when > latest(CLOCK_SLACK):
        raise Refused(400, "%(time)s is still to come: the log is of what has happened; nothing "
                           "was changed.", time=when.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    return when


def _promised(day: str, days: str) -> dt.date:
    try:
        if day:
            return dt.date.fromisoformat(day)
        return today() + dt.timedelta(days=int(days))
    except ValueError:
        raise Refused(400, "Give the promised date, or in how many days.") from None


def make_app(settings: dict):
    return StaffPage(settings).app()
