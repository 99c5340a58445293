"""``shopwindow staff``: the staff page on the shop's own network (``serve``), and its devices:
``pair`` one (a QR code and a short code, once, for ten minutes), list them (``devices``), ``revoke``."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from ..extras import need
from .options import console, errors, json_option, load_settings, print_json, tr


def need_staff_extra() -> None:
    """The staff page's packages, or one line saying which extra brings them."""
    for module in ("starlette", "uvicorn", "multipart"):
        need(module)


DEFAULT_LISTEN = "127.0.0.1:8765"


@click.group(help="the staff page on the shop's network, and the phones paired with it")
def staff() -> None:
    pass


@staff.command(
    help="serve the staff page (127.0.0.1 only unless --listen names the shop's network)"
)
@click.option("--listen", default=DEFAULT_LISTEN, show_default=True, help="HOST:PORT to listen on")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (PEM)")
@click.option("--key", type=click.Path(exists=True, dir_okay=False), help="its private key (PEM)")
def serve(listen, cert, key) -> int:
    if bool(cert) != bool(key):
        raise click.UsageError("give --cert and --key together")
    checked_address(listen, "--listen", cert)
    from ..staffpage.server import run

    settings = load_settings()
    console.print(tr("Staff page on %(url)s (Ctrl-C stops)",
                     url=f"{'https' if cert else 'http'}://{listen}"))  # fmt: skip
    run(settings, listen, cert, key)
    return 0


def checked_address(listen: str, option: str, cert: str | None = None) -> None:
    """Before anything starts (``staff serve``, ``watch --staff``): the staff extra is installed and
    ``listen`` is HOST:PORT (a usage error naming ``option`` if not); plain HTTP on a network address
    is warned about."""
    need_staff_extra()
    from ..staffpage.server import plain_http_on_a_network, split_address

    try:
        split_address(listen)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None
    if plain_http_on_a_network(listen, cert):
        errors.print(tr("[yellow]![/yellow] plain HTTP on %(address)s: anyone on this network can "
                        "read the pages and the paired phones' keys; give --cert and --key, and keep "
                        "staff phones off the customers' Wi-Fi", address=escape(listen)),
                     soft_wrap=True)  # fmt: skip


@staff.command(help="pair a phone: a QR code and a short code, usable once for ten minutes")
@click.option("--name", required=True, help='who or where the phone is, e.g. "Ion, lift 2"')
@click.option(
    "--url", help="the staff page's address as phones reach it (default: where staff serve runs)"
)
@json_option('{"name", "url", "code", "expires"}')
def pair(name, url, as_json) -> int:
    import segno

    from ..staffpage.devices import DeviceStore

    store = DeviceStore(load_settings())
    pairing = store.start_pairing(name)
    base = (url or store.served_at() or f"http://{DEFAULT_LISTEN}").rstrip("/")
    link = f"{base}/pair?t={pairing.token}"
    expires = pairing.expires.strftime("%H:%M")
    if as_json:
        print_json(
            {"name": pairing.name, "url": link, "code": pairing.short_code, "expires": expires}
        )
        return 0
    console.print(tr("Pairing %(name)s: scan the QR code with the phone, or open %(base)s/pair and "
                     "type the code. It works once, until %(time)s.", name=escape(pairing.name),
                     base=base, time=expires), soft_wrap=True)  # fmt: skip
    console.print(f"[bold]{tr('Code')}[/bold]  {pairing.short_code}")
    segno.make(link, error="m").terminal(compact=True)
    return 0


@staff.command(help="the paired phones, with when each was last used")
@json_option("the devices")
def devices(as_json) -> int:
    from ..staffpage.devices import DeviceStore

    found = DeviceStore(load_settings()).devices()
    if as_json:
        print_json([{"name": d.name, "paired": d.paired, "last_used": d.last_used} for d in found])
        return 0
    if not found:
        console.print(tr('No phone is paired. Pair one: shopwindow staff pair --name "NAME"'))
        return 0
    table = Table(title=tr("Paired phones"))
    for column in (tr("name"), tr("paired"), tr("last used")):
        table.add_column(column)
    for device in found:
        table.add_row(escape(device.name), device.paired, device.last_used or "-")
    console.print(table)
    return 0


@staff.command(help="end a phone's pairing at once (a lost or stolen phone)")
@click.argument("name")
def revoke(name) -> int:
    from ..staffpage.devices import DeviceStore

    device = DeviceStore(load_settings()).revoke(name)
    console.print(
        tr("%(name)s: no longer paired; its next request is refused", name=escape(device.name))
    )
    return 0
