"""The staff page as `shopwindow staff serve` runs it (uvicorn, a real socket): over TLS with the
shop's certificate, and two phones sending updates to one job at the same moment."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import threading
import time

import httpx
import pytest

from .sitebuild import BIN, build_site, free_port

pytestmark = pytest.mark.command

JOB = (
    "Title: Brakes\nCustomer: Ion Popescu\nReceived: 2026-11-20 09:00\nPromised: 2026-11-25\n"
    "Status: active\n\n## 2026-11-20 09:00 · received\nIn.\n"
)


def self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key, as mkcert makes one for the shop's network."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "shop.pem", folder / "shop-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    return str(cert_path), str(key_path)


class Served:
    def __init__(self, build, *args: str):
        self.build, self.port = build, free_port()
        self.log = build.root / "staff.log"
        self.proc = subprocess.Popen(
            [BIN / "shopwindow", "--settings", str(build.conf), "staff", "serve", "--listen",
             f"127.0.0.1:{self.port}", *args],
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT, cwd=build.root,
            env={**os.environ, "COLUMNS": "300"},
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while b"Staff page on" not in self.log.read_bytes() or not self._listening():
            assert self.proc.poll() is None and time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def _listening(self) -> bool:
        import socket

        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)


def paired(build, base: str, name: str, **client_options) -> httpx.Client:
    """A phone that opened the pairing link `staff pair` printed and tapped "Pair this phone"."""
    import json

    made = subprocess.run([BIN / "shopwindow", "--settings", str(build.conf), "staff", "pair",
                           "--name", name, "--url", base, "--json"],
                          capture_output=True, text=True, check=True, cwd=build.root)  # fmt: skip
    link = json.loads(made.stdout)["url"]
    client = httpx.Client(base_url=base, headers={"origin": base}, **client_options)
    token = re.search(r'name="token" value="([^"]+)"', client.get(link).text).group(1)
    answer = client.post("/pair", data={"token": token})
    assert answer.status_code == 303, answer.text
    client.pairing_cookie = answer.headers["set-cookie"]  # as the server set it
    return client


def test_over_tls_the_phones_key_is_a_secure_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    build = build_site(tmp_path, {"jobs/T-1/job.md": JOB})
    cert, key = self_signed(tmp_path)
    served = Served(build, "--cert", cert, "--key", key)
    try:
        base = f"https://127.0.0.1:{served.port}"
        phone = paired(build, base, "Ion, lift 2", verify=cert)
        cookie = phone.pairing_cookie
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert "Ion Popescu" in phone.get("/").text
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{served.port}/", timeout=5)  # no plain HTTP beside it
        phone.close()
    finally:
        served.stop()
    assert "plain HTTP" not in served.log.read_text()


def test_two_phones_sending_to_one_job_at_the_same_moment_twenty_times_each_land_once_in_order(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    build = build_site(tmp_path, {"jobs/T-1/job.md": JOB})
    served = Served(build)
    try:
        base = f"http://127.0.0.1:{served.port}"
        phones = {name: paired(build, base, name) for name in ("Ion, lift 2", "Ana, lift 3")}
        start = threading.Barrier(len(phones))
        failures = []

        def send(name: str, phone: httpx.Client) -> None:
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', phone.get("/jobs/T-1").text)
            start.wait()
            for n in range(20):
                answer = phone.post(
                    "/jobs/T-1/update",
                    data={
                        "csrf": token.group(1),
                        "stage": "repair",
                        "note": f"{name[:3]} update {n}.",
                    },
                )
                if answer.status_code != 303:
                    failures.append((name, n, answer.status_code))

        threads = [threading.Thread(target=send, args=item) for item in phones.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        for phone in phones.values():
            phone.close()
    finally:
        served.stop()
    log = (tmp_path / "content/jobs/T-1/job.md").read_text()
    notes = re.findall(r"^(Ion|Ana) update (\d+)\.$", log, re.MULTILINE)
    for who in ("Ion", "Ana"):
        assert [int(n) for name, n in notes if name == who] == list(range(20)), who
    times = re.findall(r"^## (\S+ \S+) · repair$", log, re.MULTILINE)
    assert len(times) == 40 and times == sorted(times)
    marks = re.findall(r"^<!-- device: (.*) -->$", log, re.MULTILINE)
    assert sorted(set(marks)) == ["Ana, lift 3", "Ion, lift 2"] and len(marks) == 40
