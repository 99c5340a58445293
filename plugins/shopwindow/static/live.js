// Live updates: the open page polls its sealed view (an unchanged one is a 304 and the same bytes)
// and swaps a new one in, keeping the customer's place and marking the new updates.

function sameBytes(a, b) {
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((byte, i) => byte === y[i]);
}

export class LiveView {
  // ``show(html)`` puts a view on the page; ``paused()``: not now (the lightbox is open, a film is
  // loading or playing; a hidden tab waits too).
  constructor({ files, viewName, seconds, show, paused, status, messages }) {
    Object.assign(this, { files, viewName, seconds, show, paused, status, messages });
    this.lastSealed = null;
    this.timer = null;
  }

  // The sealed view just opened: the next poll compares with it.
  opened(data) {
    this.lastSealed = data;
    this.schedule();
  }

  schedule() {
    if (!this.seconds) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), this.seconds * 1000);
  }

  async poll() {
    if (!this.files.key || document.hidden || this.paused()) {
      this.schedule();
      return;
    }
    try {
      const data = await this.files.fetch(this.viewName);
      if (!sameBytes(data, this.lastSealed)) {
        const plain = await this.files.open(this.viewName, data);
        this.lastSealed = data;
        this.swap(new TextDecoder().decode(plain));
      }
    } catch {
      /* a failed poll is retried at the next one */
    }
    this.schedule();
  }

  swap(html) {
    const view = document.getElementById("view");
    // Keep the customer's place: the first update still on screen stays where it is.
    let anchor = null;
    let offset = 0;
    for (const update of view.querySelectorAll("[data-key]")) {
      const box = update.getBoundingClientRect();
      if (box.bottom > 0) { anchor = update.getAttribute("data-key"); offset = box.top; break; }
    }
    const before = new Set([...view.querySelectorAll("[data-key]")].map((e) => e.getAttribute("data-key")));
    this.show(html);
    for (const update of view.querySelectorAll("[data-key]")) {
      if (!before.has(update.getAttribute("data-key"))) update.classList.add("is-new");
    }
    const again = anchor && view.querySelector(`[data-key="${anchor}"]`);
    if (again) window.scrollBy(0, again.getBoundingClientRect().top - offset);
    this.status.textContent = this.messages.updated;
  }
}
