// Tap to enlarge, swipe (or the arrow keys) between the page's photos and clips.
import { openFilm, renditions } from "./media.js";

export class Lightbox {
  constructor(view, files, messages) {
    this.view = view;
    this.files = files;
    this.messages = messages;
    this.dialog = null;
    this.index = 0;
  }

  get isOpen() {
    return Boolean(this.dialog && this.dialog.open);
  }

  items() {
    return [...this.view.querySelectorAll(".photos img.sealed, .clips video.sealed")];
  }

  open(element) {
    this.dialog = this.dialog || this.build();
    if (!this.dialog.open) this.dialog.showModal();
    this.show(this.items().indexOf(element));
  }

  build() {
    const { messages } = this;
    const dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", messages.photos);
    dialog.innerHTML = '<figure class="lightbox-figure"><img alt=""><video controls playsinline hidden></video></figure>' +
      '<p class="lightbox-count" aria-live="polite"></p>' +
      '<button type="button" class="lightbox-prev" autofocus></button><button type="button" class="lightbox-next"></button>' +
      '<button type="button" class="lightbox-close"></button>';
    dialog.querySelector("figure img").draggable = false; // a native image drag would cancel the swipe
    const buttons = [[".lightbox-prev", "‹", messages.previous, () => this.step(-1)],
      [".lightbox-next", "›", messages.next, () => this.step(1)],
      [".lightbox-close", "×", messages.close, () => dialog.close()]];
    for (const [selector, text, label, action] of buttons) {
      const button = dialog.querySelector(selector);
      button.textContent = text;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", action);
    }
    dialog.addEventListener("keydown", (event) => {
      if (event.target.tagName === "VIDEO") return; // its own keys: seeking
      if (event.key === "ArrowLeft") this.step(-1);
      if (event.key === "ArrowRight") this.step(1);
    });
    let startX = null;
    dialog.addEventListener("pointerdown", (event) => {
      startX = event.target.tagName === "VIDEO" ? null : event.clientX; // a clip's controls are dragged
    });
    dialog.addEventListener("pointerup", (event) => {
      if (startX === null) return;
      const dx = event.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 50) this.step(dx < 0 ? 1 : -1);
    });
    dialog.addEventListener("close", () => {
      const img = dialog.querySelector("figure img");
      if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
      img.removeAttribute("src");
      this.stopClip();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  stopClip() {
    const video = this.dialog.querySelector("figure video");
    video.pause();
    video.removeAttribute("src");
    video.removeAttribute("poster");
    video.load();
    video.hidden = true;
  }

  step(delta) {
    this.show(this.index + delta);
  }

  async show(at) {
    const items = this.items();
    if (!items.length) return;
    const index = (at + items.length) % items.length;
    this.index = index;
    const source = items[index];
    const big = this.dialog.querySelector("figure img");
    const label = source.tagName === "VIDEO" ? this.messages.video_of : this.messages.photo_of;
    this.dialog.querySelector(".lightbox-count").textContent =
      label.replace("{n}", index + 1).replace("{total}", items.length);
    this.stopClip();
    if (source.tagName === "VIDEO") {
      this.showClip(source, index, big);
      return;
    }
    big.hidden = false;
    big.alt = source.alt;
    const sizes = renditions(source);
    if (!sizes.length) return;
    try {
      const plain = await this.files.decrypt(sizes[sizes.length - 1][0]);
      if (this.index !== index) return;
      if (big.src.startsWith("blob:")) URL.revokeObjectURL(big.src);
      big.src = URL.createObjectURL(new Blob([plain], { type: "image/jpeg" }));
    } catch {
      big.alt = this.messages.changed;
    }
  }

  // A clip: the page's clip pauses, and the same decrypted film plays here, with controls.
  async showClip(source, index, big) {
    big.hidden = true;
    source.pause();
    const video = this.dialog.querySelector("figure video");
    video.hidden = false;
    video.setAttribute("aria-label", source.getAttribute("aria-label") || "");
    if (source.poster) video.poster = source.poster;
    let url;
    try {
      url = await openFilm(source, this.files); // the page's clip keeps the decrypted film
    } catch {
      video.setAttribute("aria-label", this.messages.changed);
      return;
    }
    if (this.index !== index) return;
    video.src = url;
    video.play().catch(() => { /* the customer presses play */ });
  }
}
