// Shopwindow private pages: unlock in the browser with WebCrypto only. No library, no build step.
// This module wires the page: the form, the link's code, remembering the device, the opened view and
// its sealed files. The rest is in modules of their own: the access format (access-format.js, tested
// in Node against the Python vectors), the key store, the sealed files, media, the lightbox, live.
import * as ShopwindowAccess from "./access-format.js";
import * as keyStore from "./key-store.js";
import { Lightbox } from "./lightbox.js";
import { LiveView } from "./live.js";
import { watchMedia } from "./media.js";
import { Failure, SealedFiles } from "./sealed-files.js";

const { FormatError, normaliseCode, unwrapContentKey } = ShopwindowAccess;

// The format for the sealed view's own script (respond.js reads it here).
window.ShopwindowAccess = ShopwindowAccess;

// The view's own scripts (compare.js, respond.js: deferred, so they run after this module and before
// DOMContentLoaded) listen for "shopwindow:view". A view opened before they ran (the code in the link,
// a remembered key, respond.js still downloading on a slow line) is announced once they have.
const pageScriptsRan = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else document.addEventListener("DOMContentLoaded", resolve, { once: true });
});

function announceView() {
  pageScriptsRan.then(() => document.dispatchEvent(new CustomEvent("shopwindow:view")));
}

function main() {
  // A job past retention: its page says so, and this device forgets the key it remembered for it.
  const expiredNotice = document.getElementById("shopwindow-expired");
  if (expiredNotice) {
    if (window.indexedDB) keyStore.forget(expiredNotice.getAttribute("data-slug")).catch(() => {});
    return;
  }
  const root = document.getElementById("shopwindow-private");
  const lockElement = document.getElementById("shopwindow-lock");
  if (root && lockElement) new PrivatePage(root, JSON.parse(lockElement.textContent)).start();
}

class PrivatePage {
  constructor(root, lock) {
    this.lock = lock;
    this.messages = JSON.parse(document.getElementById("shopwindow-messages").textContent);
    for (const [name, id] of [["form", "unlock-form"], ["input", "access-code"], ["rememberBox", "remember"],
      ["message", "unlock-message"], ["unlockSection", "unlock"], ["view", "view"],
      ["tools", "private-tools"], ["forgetButton", "forget"]]) {
      this[name] = document.getElementById(id);
    }
    this.viewName = root.getAttribute("data-view");
    this.files = new SealedFiles(root.getAttribute("data-base"), lock.slug);
    this.lightbox = new Lightbox(this.view, this.files, this.messages);
    this.live = new LiveView({
      files: this.files, viewName: this.viewName, messages: this.messages,
      seconds: parseInt(root.getAttribute("data-poll"), 10) || 0,
      show: (html) => this.show(html), paused: () => this.lightbox.isOpen || this.watching(),
      status: document.getElementById("live-status"),
    });
    this.prefetched = null; // the sealed view, fetched while PBKDF2 runs
    this.view.addEventListener("click", (event) => this.download(event));
    this.view.addEventListener("click", (event) => this.enlarge(event));
    this.view.addEventListener("keydown", (event) => this.enlarge(event));
    this.form.addEventListener("submit", (event) => this.submit(event));
    this.forgetButton.addEventListener("click", () => this.forget());
    // The link tapped again while its page is open at the form: only the fragment changes.
    window.addEventListener("hashchange", () => {
      if (location.hash.length > 1 && this.view.hidden) this.start();
    });
  }

  // A film loading or playing: a new view would take it away from the customer mid-film.
  watching() {
    return [...this.view.querySelectorAll("video")].some((video) => !video.paused && !video.ended) ||
      Boolean(this.view.querySelector(".film-play[data-state=loading]"));
  }

  say(key) {
    this.message.textContent = this.messages[key] || key;
  }

  async start() {
    const code = location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : "";
    if (code) {
      // The code must not linger in the address bar, history or a screenshot.
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
      this.say("nocrypto");
      this.form.hidden = true;
      return;
    }
    if (code) {
      this.prefetch();
      this.unlock(code, false);
      return;
    }
    const key = await keyStore.recall(this.lock.slug, this.lock.wrapped);
    if (!key) return;
    this.forgetButton.hidden = false;
    try {
      await this.openWith(key);
    } catch (failure) {
      // A rotated code was caught in recall (the wrapped key differs); this is a changed file or no network.
      this.showForm();
      this.say(failure.kind || "changed");
    }
  }

  prefetch() {
    this.prefetched = this.files.fetch(this.viewName);
    this.prefetched.catch(() => {});
  }

  async openWith(key) {
    const sealed = this.prefetched || this.files.fetch(this.viewName);
    this.prefetched = null;
    const data = await sealed;
    const plain = await this.files.open(this.viewName, data, key);
    this.files.key = key;
    this.show(new TextDecoder().decode(plain));
    this.live.opened(data);
  }

  async unlock(code, keep) {
    this.say("working");
    try {
      let key;
      try {
        key = await unwrapContentKey(this.lock, code);
      } catch (error) {
        throw new Failure(error instanceof FormatError ? "changed" : "wrong");
      }
      // Remembered before the page opens (the code is right: the key unwrapped), so that a page
      // left or reloaded the moment it opens is still remembered.
      // A device that cannot store it (no IndexedDB, a private window) still opens the page.
      if (keep) {
        const kept = await keyStore.remember(this.lock.slug, key, this.lock.wrapped).then(() => true, () => false);
        this.forgetButton.hidden = !kept;
      }
      await this.openWith(key);
      this.message.textContent = "";
    } catch (failure) {
      this.showForm();
      this.say(failure.kind || "wrong");
      this.input.focus();
    }
  }

  submit(event) {
    event.preventDefault();
    const code = normaliseCode(this.input.value);
    if (!code) {
      this.say("empty");
      this.input.focus();
      return;
    }
    this.prefetch();
    this.unlock(code, this.rememberBox.checked);
  }

  async forget() {
    await keyStore.forget(this.lock.slug);
    this.files.key = null;
    this.forgetButton.hidden = true;
    this.showForm();
    this.input.value = "";
    this.say("forgotten");
    this.input.focus();
  }

  // The decrypted photos and clips of the view being taken down, freed with it.
  releaseMedia() {
    this.view.querySelectorAll("img[src^='blob:'], video[src^='blob:']").forEach((media) => {
      URL.revokeObjectURL(media.src);
    });
  }

  show(html) {
    this.releaseMedia();
    const template = document.createElement("template");
    template.innerHTML = html; // our own build-time HTML; scripts in it never run (CSP, innerHTML)
    this.view.replaceChildren(template.content);
    // The tab keeps the shell's generic title: history and tab sync never hold the job's title.
    this.view.hidden = false;
    this.unlockSection.hidden = true;
    this.tools.hidden = false;
    watchMedia(this.view, this.files, this.messages);
    announceView();
  }

  showForm() {
    this.view.hidden = true;
    this.releaseMedia();
    this.view.replaceChildren();
    this.unlockSection.hidden = false;
    this.tools.hidden = true;
  }

  enlarge(event) {
    const button = event.target.closest(".clip-enlarge");
    const element = button ? button.parentNode.querySelector("video") : event.target.closest(".photos img.sealed");
    if (!element || !this.files.key) return;
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    this.lightbox.open(element);
  }

  // Files the page links (an invoice, a photo): decrypted when tapped, saved under their own name.
  async download(event) {
    const link = event.target.closest("a[data-sw-file]");
    if (!link || !this.files.key) return;
    event.preventDefault();
    const [sealedName, fileName, type] = JSON.parse(link.getAttribute("data-sw-file")); // and its size
    link.setAttribute("aria-busy", "true");
    try {
      const url = URL.createObjectURL(new Blob([await this.files.decrypt(sealedName)], { type }));
      const save = document.createElement("a");
      save.href = url;
      save.download = fileName;
      save.hidden = true;
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (failure) {
      link.classList.add("is-broken");
      link.setAttribute("data-failure", failure.kind || "changed");
    }
    link.removeAttribute("aria-busy");
  }
}

main();
