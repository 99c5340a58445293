"""The access format, byte for byte: the project's vectors, the shared vectors, and its properties."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.plugins.shopwindow.access import format as fmt
from pelican.plugins.shopwindow.access.vectors import vectors

from .sitebuild import CI_SECRET, SHARED

OWN_VECTORS = Path(__file__).parent / "vectors" / "access-v1.json"
SHARED_VECTORS = SHARED / "fixtures" / "access-vectors.json"


def check_vectors(data: dict) -> int:
    for typed, normalised in data["normalisation_examples"]:
        assert fmt.normalise_code(typed) == normalised, typed
    for case in data["cases"]:
        keys = fmt.derive(bytes.fromhex(case["secret"]), case["job"], case["code_version"])
        assert keys.slug == case["slug"]
        assert keys.code == case["code"]
        assert keys.code_shown == case["code_shown"]
        assert base64.b64encode(keys.salt).decode() == case["salt_b64"]
        assert keys.content_key.hex() == case["content_key_hex"]
        wrapped = fmt.wrap_content_key(keys, case["iterations"])
        assert base64.b64encode(wrapped).decode() == case["wrapped_b64"]
        assert (
            fmt.unwrap_content_key(
                keys.slug, case["code_shown"].lower(), keys.salt, case["iterations"], wrapped
            )
            == keys.content_key
        )
        file = case["file"]
        plaintext = base64.b64decode(file["plaintext_b64"])
        sealed = fmt.seal(keys.content_key, keys.slug, file["name"], plaintext)
        assert base64.b64encode(sealed).decode() == file["encrypted_b64"]
        assert fmt.additional_data(keys.slug, file["name"]).decode() == file["additional_data"]
        assert fmt.open_sealed(keys.content_key, keys.slug, file["name"], sealed) == plaintext
    return len(data["cases"])


def test_project_vectors_file_is_what_the_module_makes():
    committed = json.loads(OWN_VECTORS.read_text(encoding="utf-8"))
    assert committed == vectors(), (
        "run: python -m pelican.plugins.shopwindow.access.vectors > tests/vectors/access-v1.json"
    )
    assert check_vectors(committed) == 4


def test_testimonial_vectors_reproduce_in_python_and_a_changed_star_changes_the_code():
    data = json.loads(OWN_VECTORS.read_text(encoding="utf-8"))
    for case in data["testimonials"]:
        key = base64.b64decode(case["answer_key_b64"])
        fields = (case["job"], case["language"], case["consent_version"], case["rating"],
                  case["name"], case["words"])  # fmt: skip
        assert fmt.testimonial_text(*fields) == case["text"]
        assert fmt.testimonial_code(key, *fields) == case["testimonial_code"]
        assert fmt.withdrawal_code(key, case["job"]) == case["withdrawal_code"]
        assert fmt.testimonial_tag(key, case["job"], "name", case["name"]) == case["name_tag"]
        assert fmt.testimonial_tag(key, case["job"], "words", case["words"]) == case["words_tag"]
    first, one_star_less, rewrapped = data["testimonials"][:3]
    assert first["testimonial_code"] != one_star_less["testimonial_code"]
    assert first["testimonial_code"] == rewrapped["testimonial_code"], (
        "white space alone is no change"
    )
    assert data["testimonials"][4]["text"].endswith("Am așteptat o zi.\n"), "NFC: s + comma below"
    with pytest.raises(ValueError, match="rating 6: a whole number from 1 to 5"):
        fmt.testimonial_text("J", "en", "1", 6, "Ion", "Good.")


def test_answer_and_referral_vectors_reproduce_in_python():
    data = json.loads(OWN_VECTORS.read_text(encoding="utf-8"))
    for case in data["answers"]:
        key = fmt.answer_key(bytes.fromhex(case["secret"]), case["job"], case["code_version"])
        assert base64.b64encode(key).decode() == case["answer_key_b64"]
        code = fmt.answer_code(key, case["job"], case["quote_version"], case["choices"])
        assert code == case["answer_code"] and len(code) == 10 and set(code) <= set(fmt.ALPHABET)
    codes = {case["answer_code"] for case in data["answers"]}
    assert len(codes) == len(data["answers"]) == 6, "each change of choice, quote or code differs"
    for case in data["referrals"]:
        code = fmt.referral_code(bytes.fromhex(case["secret"]), case["job"])
        assert code == case["referral_code"] and len(code) == 8
    with pytest.raises(ValueError, match="one A or D per item"):
        fmt.answer_code(bytes(32), "J", 1, "AXD")


def test_bound_answer_vectors_reproduce_in_python_and_any_edit_of_the_quote_changes_the_code():
    """Format 2: the code binds the quote's items, prices and currency through its digest."""
    data = json.loads(OWN_VECTORS.read_text(encoding="utf-8"))
    for case in data["bound_answers"]:
        items = [tuple(item) for item in case["items"]]
        assert fmt.quote_text(items, case["currency"]) == case["quote_text"]
        digest = fmt.quote_digest(items, case["currency"])
        assert digest == case["quote_digest"] == hashlib.sha256(
            case["quote_text"].encode()).hexdigest()  # fmt: skip
        key = base64.b64decode(case["answer_key_b64"])
        code = fmt.answer_code(key, case["job"], case["quote_version"], case["choices"], digest)
        assert code == case["answer_code"]
        assert code != fmt.answer_code(key, case["job"], case["quote_version"], case["choices"])
    first, price, currency = data["bound_answers"][:3]
    assert len({first["answer_code"], price["answer_code"], currency["answer_code"]}) == 3, (
        "one price or the currency changed: another code"
    )
    assert (
        fmt.canonical_price(Decimal("1150.50"))
        == "1150.5"
        == fmt.canonical_price(Decimal("1150.5"))
    )
    assert fmt.canonical_name(" Front  discs\u00a0and pads ") == "Front discs and pads"


def test_shared_vectors_from_a_separate_implementation():
    if not SHARED_VECTORS.is_file():
        pytest.skip(
            "../shared/fixtures/access-vectors.json is not beside this checkout (it is in CI)"
        )
    assert check_vectors(json.loads(SHARED_VECTORS.read_text(encoding="utf-8"))) >= 4


def test_code_alphabet_and_shape():
    keys = fmt.derive(bytes(32), "J-1")
    assert len(keys.code) == 10 and set(keys.code) <= set(fmt.ALPHABET)
    assert keys.code_shown[5] == "-" and len(keys.slug) == 16 and keys.slug == keys.slug.lower()
    assert fmt.derive(bytes(32), "J-1", 2).code != keys.code
    assert fmt.derive(bytes(32), "J-1", 2).slug == keys.slug, "rotation keeps the address"


def test_a_sealed_file_cannot_move_or_change():
    key = bytes(range(32))
    sealed = fmt.seal(key, "slug", "view.bin", b"hello")
    with pytest.raises(fmt.AccessError):
        fmt.open_sealed(key, "slug", "other.bin", sealed)
    with pytest.raises(fmt.AccessError):
        fmt.open_sealed(key, "other", "view.bin", sealed)
    changed = bytearray(sealed)
    changed[-1] ^= 1
    with pytest.raises(fmt.AccessError):
        fmt.open_sealed(key, "slug", "view.bin", bytes(changed))


@settings(max_examples=200)
@given(
    st.binary(max_size=4096), st.text(min_size=1, max_size=40), st.binary(min_size=32, max_size=32)
)
def test_seal_round_trip_for_any_bytes_and_name(plaintext, name, key):
    sealed = fmt.seal(key, "s", name, plaintext)
    assert sealed.startswith(b"SW1") and len(sealed) == 3 + 12 + len(plaintext) + 16
    assert fmt.seal(key, "s", name, plaintext) == sealed, "deterministic"
    assert fmt.open_sealed(key, "s", name, sealed) == plaintext


@given(st.text(alphabet="0123456789abcdefghjkmnpqrstvwxyzOIL- ", max_size=30))
def test_normalisation_is_forgiving_and_idempotent(typed):
    once = fmt.normalise_code(typed)
    assert fmt.normalise_code(once) == once
    assert fmt.normalise_code(typed.lower()) == fmt.normalise_code(typed.upper())
    assert "-" not in once and " " not in once and not set("OIL") & set(once)


def test_secret_file_is_made_once_with_mode_0600(tmp_path, monkeypatch):
    from pelican.plugins.shopwindow.access.secret import load_secret

    monkeypatch.delenv("SHOPWINDOW_SECRET", raising=False)
    path = tmp_path / ".shopwindow" / "secret"
    first = load_secret({"SHOPWINDOW": {"secret_path": str(path)}})
    assert len(first) == 32 and path.stat().st_mode & 0o777 == 0o600
    assert load_secret({"SHOPWINDOW": {"secret_path": str(path)}}) == first
    monkeypatch.setenv("SHOPWINDOW_SECRET", CI_SECRET)
    assert load_secret({"SHOPWINDOW": {"secret_path": str(path)}}) == bytes.fromhex(CI_SECRET)


NODE_TESTS = Path(__file__).parent / "js"


def node_test(env: dict[str, str] | None = None, only: str = "") -> subprocess.CompletedProcess:
    """``node --test`` of tests/js (``only``: the tests whose name holds it)."""
    return subprocess.run(
        ["node", "--test", *([f"--test-name-pattern={only}"] if only else []), str(NODE_TESTS)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_the_browsers_access_format_passes_every_vector_in_node():
    result = node_test()
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# fail 0$", result.stdout, re.M) and re.search(
        r"^# pass [1-9]", result.stdout, re.M
    )


@pytest.mark.parametrize(
    "planted, test",
    [
        ("answer_code", "answer codes"),
        ("testimonial_code", "testimonial and withdrawal codes"),
        ("plaintext_b64", "opens its file"),
        ("normalised", "normalised"),
    ],
)
def test_node_fails_on_a_planted_wrong_vector(tmp_path, planted, test):
    data = json.loads(OWN_VECTORS.read_text(encoding="utf-8"))
    if planted == "answer_code":
        data["answers"][0]["answer_code"] = "0000000000"
    elif planted == "testimonial_code":
        data["testimonials"][0]["testimonial_code"] = "0000000000"
    elif planted == "plaintext_b64":
        data["cases"][0]["file"]["plaintext_b64"] = base64.b64encode(b"another view").decode()
    else:
        data["normalisation_examples"][0][1] = "ABCDE-12345"
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    result = node_test({"SHOPWINDOW_VECTORS": str(wrong)}, only=test)
    assert result.returncode == 1
    assert re.search(r"^# fail 1$", result.stdout, re.M), result.stdout
