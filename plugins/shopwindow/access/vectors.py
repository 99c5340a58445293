"""Test vectors of the access format, made by this module: ``python -m shopwindow.access.vectors``.

``tests/vectors/access-v1.json`` is its output; a test checks the file is still what this module makes,
and a browser test opens every vector with unlock.js's own functions.
"""

from __future__ import annotations

import base64
import json
import sys

from .format import (
    ANSWER_FORMAT,
    VERSION,
    answer_code,
    answer_key,
    derive,
    normalise_code,
    quote_digest,
    quote_text,
    referral_code,
    seal,
    testimonial_code,
    testimonial_tag,
    testimonial_text,
    withdrawal_code,
    wrap_content_key,
)

INPUTS = [
    ("1f" * 32, "2026-0042", 1, "view.bin", "<p>Primer is on; it dries overnight.</p>"),
    ("1f" * 32, "2026-0042", 2, "view.bin", "<p>Primer is on; it dries overnight.</p>"),
    ("c3" * 32, "Ремонт-7", 1, "p/abc.bin", "<p>Грунт нанесён. Vopseaua se usucă.</p>"),
    ("00" * 31 + "01", "J", 3, "estimate/view.bin", ""),
]
ITERATIONS = 600_000
NORMALISATION = ["abcde-12345", " o0 i1 l1 ", "zwscq 2fpcb", "OIL-oil"]
# Answers to quotes: (secret, job, code version, quote version, choices).
ANSWERS = [
    ("1f" * 32, "2026-0042", 1, 1, "AAD"),
    ("1f" * 32, "2026-0042", 1, 1, "ADA"),
    ("1f" * 32, "2026-0042", 1, 2, "AAD"),
    ("1f" * 32, "2026-0042", 2, 1, "AAD"),
    ("c3" * 32, "Ремонт-7", 1, 12, "D"),
    ("00" * 31 + "01", "J", 3, 1, "ADADADADADADADADADADAD"),
]

# Answers of format 2, bound to the quote: (secret, job, code version, quote version, choices,
# the items as (canonical name, canonical price), currency). The second and third differ from the
# first by one price and by the currency alone.
BOUND_ANSWERS = [
    ("1f" * 32, "2026-0042", 1, 1, "AAD",
     [["Brake fluid", "350"], ["Front discs and pads", "1150"], ["Front tyres at 4 mm", ""]], "MDL"),
    ("1f" * 32, "2026-0042", 1, 1, "AAD",
     [["Brake fluid", "350"], ["Front discs and pads", "1250"], ["Front tyres at 4 mm", ""]], "MDL"),
    ("1f" * 32, "2026-0042", 1, 1, "AAD",
     [["Brake fluid", "350"], ["Front discs and pads", "1150"], ["Front tyres at 4 mm", ""]], "EUR"),
    ("c3" * 32, "Ремонт-7", 1, 2, "DA", [["Frână spate", "950.5"], ["Масло", "0"]], ""),
]  # fmt: skip


# Testimonials written on a done job's page: (secret, job, code version, language, consent version,
# rating, name, words). The second differs from the first by one star, the third by white space alone
# (the same code: a mail program rewraps lines), the fourth has every kind of space folded.
TESTIMONIALS = [
    ("1f" * 32, "2026-0042", 1, "en", "1", 5, "Ion P.", "Found the fault in an hour.\nKept the price."),
    ("1f" * 32, "2026-0042", 1, "en", "1", 4, "Ion P.", "Found the fault in an hour.\nKept the price."),
    ("1f" * 32, "2026-0042", 1, "en", "1", 5, " Ion  P. ", "Found the fault\r\nin an hour.  Kept the price.\n"),
    ("c3" * 32, "Ремонт-7", 2, "ru", "2", 3, "Ольга\u00a0С.",
     "Нашли\u2009неисправность\u3000за час,\u2028\ufeffцену не\tизменили. «Спасибо»"),
    ("c3" * 32, "Ремонт-7", 2, "ro", "2", 1, "Ana", "Am as\u0326teptat o zi."),
]  # fmt: skip


def vectors() -> dict:
    cases = []
    for secret_hex, job, version, name, text in INPUTS:
        keys = derive(bytes.fromhex(secret_hex), job, version)
        plaintext = text.encode()
        cases.append(
            {
                "secret": secret_hex,
                "job": job,
                "code_version": version,
                "slug": keys.slug,
                "code": keys.code,
                "code_shown": keys.code_shown,
                "salt_b64": base64.b64encode(keys.salt).decode(),
                "content_key_hex": keys.content_key.hex(),
                "iterations": ITERATIONS,
                "wrapped_b64": base64.b64encode(wrap_content_key(keys, ITERATIONS)).decode(),
                "file": {
                    "name": name,
                    "additional_data": f"{keys.slug}/{name}",
                    "plaintext_b64": base64.b64encode(plaintext).decode(),
                    "encrypted_b64": base64.b64encode(
                        seal(keys.content_key, keys.slug, name, plaintext)
                    ).decode(),
                },
            }
        )
    answers = []
    for secret_hex, job, version, quote, choices in ANSWERS:
        key = answer_key(bytes.fromhex(secret_hex), job, version)
        answers.append(
            {
                "secret": secret_hex,
                "job": job,
                "code_version": version,
                "answer_key_b64": base64.b64encode(key).decode(),
                "quote_version": quote,
                "choices": choices,
                "answer_code": answer_code(key, job, quote, choices),
            }
        )
    bound = []
    for secret_hex, job, version, quote, choices, items, currency in BOUND_ANSWERS:
        key = answer_key(bytes.fromhex(secret_hex), job, version)
        digest = quote_digest(items, currency)
        bound.append(
            {
                "answer_format": ANSWER_FORMAT,
                "job": job,
                "answer_key_b64": base64.b64encode(key).decode(),
                "quote_version": quote,
                "choices": choices,
                "items": items,
                "currency": currency,
                "quote_text": quote_text(items, currency),
                "quote_digest": digest,
                "answer_code": answer_code(key, job, quote, choices, digest),
            }
        )
    testimonials = []
    for secret_hex, job, version, lang, consent, rating, name, words in TESTIMONIALS:
        key = answer_key(bytes.fromhex(secret_hex), job, version)
        testimonials.append(
            {
                "job": job,
                "answer_key_b64": base64.b64encode(key).decode(),
                "language": lang,
                "consent_version": consent,
                "rating": rating,
                "name": name,
                "words": words,
                "text": testimonial_text(job, lang, consent, rating, name, words),
                "testimonial_code": testimonial_code(key, job, lang, consent, rating, name, words),
                "name_tag": testimonial_tag(key, job, "name", name),
                "words_tag": testimonial_tag(key, job, "words", words),
                "withdrawal_code": withdrawal_code(key, job),
            }
        )
    return {
        "format": f"Shopwindow access format, version {VERSION}, made by shopwindow.access.vectors",
        "normalisation_examples": [[text, normalise_code(text)] for text in NORMALISATION],
        "cases": cases,
        "answers": answers,
        "bound_answers": bound,
        "testimonials": testimonials,
        "referrals": [
            {
                "secret": secret_hex,
                "job": job,
                "referral_code": referral_code(bytes.fromhex(secret_hex), job),
            }
            for secret_hex, job in dict.fromkeys((secret, job) for secret, job, *_ in INPUTS)
        ],
    }


if __name__ == "__main__":
    json.dump(vectors(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
