"""The three engines our customers' phones have, each driven as a person drives it.

- Chromium (Chrome on Android): Python Playwright, with /usr/bin/chromium, on a phone-sized touch screen.
- WebKitGTK (Safari's engine): Debian's WebKitWebDriver starting WebKitGTK's MiniBrowser on a virtual
  screen (Xvfb), with Selenium.
- Firefox ESR: Marionette (the ``marionette_driver`` package; there is no geckodriver package here).

One interface for all three: open an address, tap, type, press a key, scroll to something; read what
is on the page (a script that reads, never one that sets what a person could not); wait until
something holds. ``errors_since(mark())`` is every error the pages raised meanwhile: uncaught
exceptions and rejections, ``console.error``, failed loads and policy violations (heard by
``ERROR_WATCH``, a script the test server puts first in every page it serves), what the engine's own
console reports (Chromium's and Firefox's; WebKitWebDriver has no console to read), and every request
the server answered with an error (a missing icon too).
"""

from __future__ import annotations

import abc
import contextlib
import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
# WebKitGTK's own browser, in the folder of the machine's architecture (from libwebkit2gtk-4.1-0).
MINIBROWSER = next(iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))), "MiniBrowser")
FIREFOX = "/usr/bin/firefox-esr"
ENGINES = ("chromium", "webkit", "firefox")
PHONE = {"width": 390, "height": 844}  # an iPhone 14's screen in CSS pixels

# Served at ERROR_WATCH_PATH and put first in every page's <head> by the test server (same origin: the
# pages' Content-Security-Policy allows it). It only listens, and posts what it hears to the server,
# which keeps it beside the requests it answered with an error: nothing is lost when a page is left.
ERROR_WATCH_PATH = "/__errors__.js"
ERROR_WATCH = r"""(() => {
  // What fails while the page is being left (a reload aborting a photo's load) is no error the customer
  // sees: the watch stops when the page starts to be left (WebKit aborts a loading photo before
  // pagehide) and at pagehide.
  let leaving = false;
  addEventListener("beforeunload", () => { leaving = true; });
  addEventListener("pagehide", () => { leaving = true; });
  addEventListener("pageshow", () => { leaving = false; });
  const tell = (what) => leaving ||
    fetch("/__errors__", { method: "POST", body: what, keepalive: true }).catch(() => {});
  const text = (value) => (value && value.name ? `${value.name}: ${value.message}` : String(value));
  addEventListener("error", (event) => {
    const target = event.target;
    tell(target && target !== window && target.tagName
      ? `failed to load ${target.tagName.toLowerCase()} ${target.currentSrc || target.src || target.href || ""}`
      : `uncaught ${event.error ? text(event.error) : event.message}`);
  }, true);
  addEventListener("unhandledrejection", (event) => tell(`unhandled rejection ${text(event.reason)}`));
  document.addEventListener("securitypolicyviolation",
    (event) => tell(`blocked by the page's policy: ${event.violatedDirective} ${event.blockedURI}`));
  const original = console.error;
  console.error = function (...values) {
    tell(`console.error ${values.map(text).join(" ")}`);
    return original.apply(this, values);
  };
})();
"""


class Engine(abc.ABC):
    """One browser of one engine, with one page. Each engine gives the abstract methods."""

    name = ""

    def __init__(self, server_errors: list[str] | None = None):
        self.server_errors = server_errors if server_errors is not None else []

    # ------------------------------------------------------------------ acting
    def open(self, url: str) -> None:
        """Open ``url`` as a new visit (from a blank page: a link with only another fragment than
        the page shown would not load it again)."""
        self.go("about:blank")
        self.go(url)

    @abc.abstractmethod
    def go(self, url: str) -> None: ...

    @abc.abstractmethod
    def tap(self, css: str, nth: int = 0) -> None: ...

    @abc.abstractmethod
    def type(self, css: str, text: str) -> None: ...

    @abc.abstractmethod
    def choose_files(self, css: str, paths: list[str]) -> None:
        """Files handed to a file input, as the phone's camera or file picker hands them over."""

    @abc.abstractmethod
    def press(self, key: str) -> None:
        """A key on the focused element: Enter, Space, Escape, ArrowLeft, ArrowRight, Tab, End, Home."""

    @abc.abstractmethod
    def reload(self) -> None: ...

    def scroll_to(self, css: str, nth: int = 0) -> None:
        """Scroll the page until the element is in the middle of the screen, as a person scrolls."""
        self.read(
            f"document.querySelectorAll({json.dumps(css)})[{nth}]"
            ".scrollIntoView({block: 'center'}) || true"
        )

    # ------------------------------------------------------------------ reading
    @abc.abstractmethod
    def read(self, expression: str):
        """The value of a JavaScript expression on the page (JSON-like)."""

    def wait_until(self, expression: str, what: str, timeout: float = 15.0):
        """Wait until ``expression`` is truthy on the page; its value. Fails naming ``what``."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):  # a page between two documents
                value = self.read(expression)
                if value:
                    return value
            time.sleep(0.05)
        raise AssertionError(f"{self.name}: {what} (after {timeout:.0f} s; last read {value!r})")

    def text(self, css: str) -> str:
        return self.read(
            f"(document.querySelector({json.dumps(css)}) || {{}}).textContent || ''"
        ).strip()

    def visible(self, css: str) -> bool:
        return bool(
            self.read(
                f"(e => !!e && !e.closest('[hidden]') && e.getClientRects().length > 0)"
                f"(document.querySelector({json.dumps(css)}))"
            )
        )

    def url(self) -> str:
        return self.read("location.href")

    def mark(self) -> tuple[int, int]:
        """Where the errors stand now: ``errors_since`` gives those after."""
        return len(self.server_errors), len(self.engine_errors())

    def settle(self, quiet: float = 0.5, timeout: float = 10.0) -> None:
        """Wait until no error has come in for ``quiet`` seconds: a page left behind may still report
        (Chromium asks for a broken page's /favicon.ico after its scripts have failed)."""
        deadline = time.monotonic() + timeout
        last = self.mark()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            if self.mark() == last:
                return
            last = self.mark()

    def errors_since(self, mark: tuple[int, int]) -> list[str]:
        time.sleep(0.3)  # a page's last report on its way to the server
        return [*self.server_errors[mark[0] :], *self.engine_errors()[mark[1] :]]

    def engine_errors(self) -> list[str]:
        """The engine's own console's errors (where it can be read), oldest first."""
        return []

    @abc.abstractmethod
    def close(self) -> None: ...


class ChromiumEngine(Engine):
    name = "chromium"

    def __init__(self, browser, server_errors=None):
        super().__init__(server_errors)
        self.context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("pageerror", lambda error: self.console.append(f"uncaught {error}"))
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console.append(message.text),
        )

    def go(self, url):
        self.page.goto(url)

    def tap(self, css, nth=0):
        self.page.locator(css).nth(nth).tap()

    def type(self, css, text):
        self.page.locator(css).press_sequentially(text)

    def choose_files(self, css, paths):
        self.page.locator(css).set_input_files(paths)

    def press(self, key):
        self.page.keyboard.press({"Space": " "}.get(key, key))

    def reload(self):
        self.page.reload()

    def read(self, expression):
        return self.page.evaluate(f"() => ({expression})")

    def engine_errors(self):
        return list(self.console)

    def close(self):
        self.context.close()


class WebDriverEngine(Engine):
    """An engine driven through WebDriver's element commands (Selenium's and Marionette's alike): a
    tap is the element's click, which scrolls it into view and clicks where a person would."""

    @abc.abstractmethod
    def _elements(self, css) -> list: ...

    def tap(self, css, nth=0):
        self._elements(css)[nth].click()

    def type(self, css, text):
        self._elements(css)[0].send_keys(text)

    def choose_files(self, css, paths):
        """WebDriver's Element Send Keys on a file input: the paths, one a line, are its files."""
        self._elements(css)[0].send_keys("\n".join(paths))


class WebKitEngine(WebDriverEngine):
    """WebKitGTK's MiniBrowser, started by WebKitWebDriver on its own virtual screen."""

    name = "webkit"

    def __init__(self, server_errors=None):
        from selenium import webdriver

        super().__init__(server_errors)
        self.screen = VirtualScreen()
        options = webdriver.WebKitGTKOptions()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = webdriver.WebKitGTKService(
            executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": self.screen.display}
        )
        try:
            self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self.screen.close()
            raise
        self.driver.set_window_size(PHONE["width"], PHONE["height"] + 80)

    def _elements(self, css):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def go(self, url):
        self.driver.get(url)

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).send_keys(getattr(Keys, _KEY_NAMES[key])).perform()

    def reload(self):
        self.driver.refresh()

    def read(self, expression):
        return self.driver.execute_script(f"return ({expression});")

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.screen.close()


class FirefoxEngine(WebDriverEngine):
    """Firefox ESR, headless, driven over Marionette; its console is read in its own (chrome) scope."""

    name = "firefox"

    def __init__(self, server_errors=None):
        from marionette_driver.marionette import Marionette

        super().__init__(server_errors)
        self.profile_parent = tempfile.mkdtemp(prefix="shopwindow-firefox-")
        self.client = Marionette(
            bin=FIREFOX,
            port=0,
            headless=True,
            # System access: to read the browser console, where the player's own errors go.
            app_args=["--remote-allow-system-access"],
            workspace=self.profile_parent,
            gecko_log=os.path.join(self.profile_parent, "gecko.log"),  # not in the current folder
            startup_timeout=90,
        )
        self.client.start_session()
        self.client.set_window_rect(width=PHONE["width"], height=PHONE["height"] + 80)
        self.started = self._console_count()

    def _elements(self, css):
        from marionette_driver.by import By

        return self.client.find_elements(By.CSS_SELECTOR, css)

    def go(self, url):
        self.client.navigate(url)

    def press(self, key):
        """A real key press through WebDriver's actions (as Selenium's ActionChains sends them)."""
        from marionette_driver.keys import Keys

        value = getattr(Keys, _KEY_NAMES[key])
        self.client.actions.sequence("key", "keyboard").key_down(value).key_up(value).perform()

    def reload(self):
        self.client.refresh()

    def read(self, expression):
        return self.client.execute_script(f"return ({expression});", sandbox=None)

    def _console(self, script: str):
        with self.client.using_context("chrome"):
            return self.client.execute_script(script)

    def _console_count(self) -> int:
        return self._console("return Services.console.getMessageArray().length")

    def engine_errors(self):
        # Errors of web pages (not of the browser itself), from the start of this session.
        return self._console(
            f"""return Services.console.getMessageArray().slice({self.started})
              .filter(m => m instanceof Ci.nsIScriptError && m.innerWindowID
                           && !(m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)))
              .map(m => `${{m.errorMessage}} (${{m.sourceName}}:${{m.lineNumber}})`);"""
        )

    def close(self):
        try:
            self.client.cleanup()
        finally:
            shutil.rmtree(self.profile_parent, ignore_errors=True)


_KEY_NAMES = {
    "Enter": "ENTER", "Space": "SPACE", "Escape": "ESCAPE", "ArrowLeft": "ARROW_LEFT",
    "ArrowRight": "ARROW_RIGHT", "Tab": "TAB", "End": "END", "Home": "HOME",
}  # fmt: skip


class VirtualScreen:
    """An Xvfb screen of its own (``-displayfd``: the server picks a free display and says which)."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as said:
            number = said.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def missing() -> list[str]:
    """What this machine lacks to run the three engines (scripts/prerequisites.sh installs it)."""
    needed = [CHROMIUM, WEBKIT_DRIVER, MINIBROWSER, FIREFOX]
    lacking = [path for path in needed if not Path(path).exists()]
    if not shutil.which("Xvfb"):
        lacking.append("Xvfb")
    return lacking
