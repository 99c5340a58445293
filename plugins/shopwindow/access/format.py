"""Shopwindow access format, version 1: the one place where private bytes are keyed and sealed.

Everything here follows the "Private pages" section of DESIGN.md to the byte, and is checked against
``shared/fixtures/access-vectors.json`` in Python and in the browser (``unlock.js``).

Derivations, each ``HMAC-SHA256(secret, label \\0 job_id [\\0 code_version])``:

========  =========================================  =================================================
value     message                                    use
========  =========================================  =================================================
slug      ``b"slug\\0" + job``                         RFC 4648 base32 of the first 10 bytes, lower case
code      ``b"code\\0" + job + b"\\0" + version``       first 50 bits, 5 a character, Crockford alphabet
salt      ``b"salt\\0" + job + b"\\0" + version``       first 16 bytes: the PBKDF2 salt
key       ``b"key\\0" + job + b"\\0" + version``        all 32 bytes: the job's content key
========  =========================================  =================================================

The customer's answer to a quote (found work, approved or declined item by item) and their referral code:

- answer key: ``HMAC(secret, b"answer\\0" + job + b"\\0" + version)``, all 32 bytes, sent only inside the
  job's sealed view (``data-answer-key``, base64);
- answer code: ``HMAC(answer key, b"answer\\0" + job + b"\\0" + quote + b"\\0" + choices)``, the first 50
  bits as 10 characters like the access code;
- referral code: ``HMAC(secret, b"referral\\0" + job)``, the first 40 bits as 8 characters.

``quote`` is the quote's version in decimal; ``choices`` one letter per item in the quote's order, ``A``
(approved) or ``D`` (declined).

Answer codes of format 2 (``ANSWER_FORMAT``, written ``JOB/Q1/AAD/V2/XXXXX-XXXXX``) also bind what was
quoted, so that a price edited by hand in the same quote version voids the answers given to the old
one: ``HMAC(answer key, b"answer\0" + job + b"\0" + quote + b"\0" + choices + b"\0" + digest)``,
where ``digest`` is the hex SHA-256 of the quote's canonical text (``quote_text``)::

    shopwindow quote\n
    CURRENCY\n                 (the site's ISO code in capitals, or empty)
    name\tprice\n              (one line per item in the quote's order)

with each name in Unicode NFC and its white space folded to single spaces, and each price in plain
decimal without trailing zeros (``1150``, ``1150.5``; empty for an item without a price). Codes of
format 1 (no ``V``) keep verifying as they were made. Only the shop (with the secret) and a holder of the job's code (who opens
the view that carries the answer key) can make an answer code; the referral code is stable across code
rotations (a link already shared keeps working) and tells nothing about its job.

A customer's testimonial, written on their done job's page (``TESTIMONIAL_FORMAT`` 1, written
``JOB/T1/XXXXX-XXXXX``), and its withdrawal (``JOB/W1/XXXXX-XXXXX``), each proved under the job's answer
key: ``HMAC(answer key, b"testimonial\0" + job + b"\0" + digest)``, where ``digest`` is the hex
SHA-256 of the testimonial's canonical text (``testimonial_text``)::

    shopwindow testimonial\n
    job\n  language\n  consent statement's version\n  rating (1-5)\n  name\n  words\n

(each on its own line), the name and the words in Unicode NFC with every run of white space, line
ends included, folded to one space (``folded``: a mail program that rewraps the lines changes no code);
and ``HMAC(answer key, b"withdraw\0" + job)`` for the withdrawal. Beside the code the message carries
two tags, ``HMAC(answer key, b"testimonial-name\0" + job + b"\0" + folded name)`` and the same of
``testimonial-words`` and the folded words, each its first 25 bits as 5 characters: with them the shop
says whether the name or the words were changed (neither tag matching: a code nobody made). Only a holder of the job's code can
make either, so a testimonial with a valid code was written by the customer of that job.

Not part of what a browser reads: the build keeps its cache of private photos sealed in the same layout
under ``cache_key`` = ``HMAC-SHA256(secret, b"cache")``, with the cache's own label as the "slug".

An encrypted file is ``b"SW1" + nonce(12) + AES-256-GCM(ciphertext || tag(16))`` with additional data
``slug + "/" + name`` (UTF-8), so no ciphertext can move to another page or name. The nonce is the first
12 bytes of ``HMAC-SHA256(key, additional_data + plaintext)``: the same file always encrypts to the same
bytes (deploys upload only what changed), and two different files never share a nonce under one key.

The content key reaches the browser wrapped: encrypted as a file named ``key`` under
``PBKDF2-SHA256(normalised code, salt, iterations)``. Normalising the code: upper case, no dashes or
spaces, O->0, I and L->1. A change to this format raises the version byte and keeps reading the old one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from ..errors import ShopwindowError

VERSION = 1
MAGIC = b"SW1"
NONCE_BYTES = 12
TAG_BYTES = 16  # AES-GCM's tag, after the ciphertext
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARACTERS = 10
MIN_ITERATIONS = 600_000
KEY_FILE_NAME = "key"


class AccessError(ShopwindowError):
    """A sealed file that does not open: wrong key, changed bytes, or moved to another name."""


@dataclass(frozen=True)
class JobKeys:
    job: str
    code_version: int
    slug: str
    code: str  # 10 characters, no dash
    salt: bytes
    content_key: bytes

    @property
    def code_shown(self) -> str:
        return format_code(self.code)


def _hmac(secret: bytes, label: str, *parts: str) -> bytes:
    message = b"\0".join([label.encode()] + [part.encode("utf-8") for part in parts])
    return hmac.new(secret, message, hashlib.sha256).digest()


def parse_secret(text: str) -> bytes:
    """The site secret from its 64 hex characters."""
    text = text.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != 32:
        raise ValueError("the site secret must be 64 hex characters (32 random bytes)")
    return secret


def job_slug(secret: bytes, job: str) -> str:
    return base64.b32encode(_hmac(secret, "slug", job)[:10]).decode().lower()


def _characters(digest: bytes, count: int) -> str:
    """The first ``5 * count`` bits of ``digest``, 5 a character, most significant first."""
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * count)
    return "".join(ALPHABET[(bits >> (5 * (count - 1 - i))) & 31] for i in range(count))


def derive(secret: bytes, job: str, code_version: int = 1) -> JobKeys:
    version = str(int(code_version))
    return JobKeys(
        job=job,
        code_version=int(code_version),
        slug=job_slug(secret, job),
        code=_characters(_hmac(secret, "code", job, version), CODE_CHARACTERS),
        salt=_hmac(secret, "salt", job, version)[:16],
        content_key=_hmac(secret, "key", job, version),
    )


REFERRAL_CHARACTERS = 8
ANSWER_CHOICES = "AD"  # approved, declined
ANSWER_FORMAT = 2  # what the pages make; format 1 (no quote digest) still verifies


def answer_key(secret: bytes, job: str, code_version: int = 1) -> bytes:
    """The job's answer key: in its sealed view, so only a holder of the code (and the shop) has it."""
    return _hmac(secret, "answer", job, str(int(code_version)))


def answer_code(
    key: bytes, job: str, quote_version: int, choices: str, digest: str | None = None
) -> str:
    """The code that proves an answer (``choices``: ``A``/``D`` per item) came from the job's page;
    with the quote's ``digest`` (``quote_digest``), of format 2: bound to what was quoted."""
    if not choices or set(choices) - set(ANSWER_CHOICES):
        raise ValueError(f"choices {choices!r}: one A or D per item")
    parts = [job, str(int(quote_version)), choices] + ([digest] if digest is not None else [])
    return _characters(_hmac(key, "answer", *parts), CODE_CHARACTERS)


def canonical_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def canonical_price(price: Decimal | None) -> str:
    """``Decimal("1150.50")`` -> ``"1150.5"``; None -> ``""``."""
    if price is None:
        return ""
    text = format(price.normalize(), "f")
    return text if text != "-0" else "0"


def quote_text(items: list[tuple[str, str]], currency: str) -> str:
    """The canonical text of a quote: ``items`` as (canonical name, canonical price)."""
    return (
        "shopwindow quote\n"
        + currency.upper()
        + "\n"
        + "".join(f"{name}\t{price}\n" for name, price in items)
    )


def quote_digest(items: list[tuple[str, str]], currency: str) -> str:
    return hashlib.sha256(quote_text(items, currency).encode("utf-8")).hexdigest()


TESTIMONIAL_FORMAT = 1
# White space, as the browser folds it too: the ASCII controls of white space, the space, NEL, NBSP,
# the Unicode spaces, the line and paragraph separators and the zero-width no-break space.
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WHITE_RUN = re.compile(f"[{WHITE_SPACE}]+")


def folded(text: str) -> str:
    """``text`` in NFC with every run of white space (line ends too) one space, none at the ends."""
    return _WHITE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip(" ")


def testimonial_text(
    job: str, lang: str, consent_version: str, rating: int, name: str, words: str
) -> str:
    """The canonical text a testimonial code binds (the module's docstring)."""
    if rating not in range(1, 6):
        raise ValueError(f"rating {rating!r}: a whole number from 1 to 5")
    fields = [job, lang, consent_version, str(rating), folded(name), folded(words)]
    return "shopwindow testimonial\n" + "".join(f"{field}\n" for field in fields)


def testimonial_code(
    key: bytes, job: str, lang: str, consent_version: str, rating: int, name: str, words: str
) -> str:
    """The code that proves a testimonial came, as it reads, from the page of job ``job``."""
    text = testimonial_text(job, lang, consent_version, rating, name, words)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _characters(_hmac(key, "testimonial", job, digest), CODE_CHARACTERS)


def testimonial_tag(key: bytes, job: str, part: str, text: str) -> str:
    """5 characters that tell whether ``part`` ("name" or "words") is as the customer wrote it; the
    code alone is the proof."""
    if part not in ("name", "words"):
        raise ValueError(f"part {part!r}: name or words")
    return _characters(_hmac(key, f"testimonial-{part}", job, folded(text)), 5)


def withdrawal_code(key: bytes, job: str) -> str:
    """The code that proves the customer of job ``job`` asks for their testimonial to be taken down."""
    return _characters(_hmac(key, "withdraw", job), CODE_CHARACTERS)


def referral_code(secret: bytes, job: str) -> str:
    """The job's referral code: 8 characters that name no job to anyone without the secret."""
    return _characters(_hmac(secret, "referral", job), REFERRAL_CHARACTERS)


def message_token(secret: bytes, job: str, key: str, channel: str) -> str:
    """The stable part of a message's Message-ID: the same message, sent again, carries the same one;
    it names neither the job nor the customer."""
    return _hmac(secret, "message", job, key, channel)[:16].hex()


def cache_key(secret: bytes) -> bytes:
    """The key of the build's cache of private photos (never sent to a browser)."""
    return _hmac(secret, "cache")


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """What the customer typed, as the KDF sees it: forgiving of case, dashes, spaces, O/0, I/L/1."""
    code = "".join(text.split()).replace("-", "").upper()
    return code.replace("O", "0").replace("I", "1").replace("L", "1")


def wrapping_key(code: str, salt: bytes, iterations: int) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(normalise_code(code).encode("ascii", errors="replace"))


def additional_data(slug: str, name: str) -> bytes:
    return f"{slug}/{name}".encode()


def seal(key: bytes, slug: str, name: str, plaintext: bytes) -> bytes:
    """Encrypt one file; deterministic for the same key, slug, name and plaintext."""
    ad = additional_data(slug, name)
    nonce = hmac.new(key, ad + plaintext, hashlib.sha256).digest()[:NONCE_BYTES]
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, ad)


def open_sealed(key: bytes, slug: str, name: str, data: bytes) -> bytes:
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + NONCE_BYTES + TAG_BYTES:
        raise AccessError(f"{slug}/{name}: not a Shopwindow v{VERSION} encrypted file")
    nonce = data[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(
            nonce, data[len(MAGIC) + NONCE_BYTES :], additional_data(slug, name)
        )
    except InvalidTag:
        raise AccessError(f"{slug}/{name}: wrong key, changed or moved") from None


def wrap_content_key(keys: JobKeys, iterations: int) -> bytes:
    """The content key sealed under the code's PBKDF2 key: what the page's lock carries."""
    return seal(
        wrapping_key(keys.code, keys.salt, iterations), keys.slug, KEY_FILE_NAME, keys.content_key
    )


def unwrap_content_key(slug: str, code: str, salt: bytes, iterations: int, wrapped: bytes) -> bytes:
    return open_sealed(wrapping_key(code, salt, iterations), slug, KEY_FILE_NAME, wrapped)


def lock_parameters(keys: JobKeys, iterations: int, wrapped: bytes) -> dict:
    """The JSON in the page's ``<script type="application/json" id="shopwindow-lock">``."""
    return {
        "v": VERSION,
        "slug": keys.slug,
        "salt": base64.b64encode(keys.salt).decode(),
        "iterations": iterations,
        "wrapped": base64.b64encode(wrapped).decode(),
    }


def private_name(keys: JobKeys, kind: str, identity: str, suffix: str = ".bin") -> str:
    """An output name that reveals nothing: HMAC of the content key over what the file is."""
    digest = hmac.new(keys.content_key, f"{kind}\0{identity}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower() + suffix
