// Photos, clip posters and films on the opened page: each decrypted when it is needed (a photo as it
// scrolls into view, a film when it is played), at the size the screen needs.

const renditionsOf = new WeakMap();

// The one rendition chooser: the smallest at least as wide as the element on this screen, else the
// largest. ``renditions`` is [[sealed name, width], ...], narrowest first.
export function chooseRendition(renditions, cssWidth) {
  const wanted = (cssWidth || 480) * (window.devicePixelRatio || 1);
  return renditions.find(([, width]) => width >= wanted) || renditions[renditions.length - 1];
}

export function renditions(img) {
  return renditionsOf.get(img) || JSON.parse(img.getAttribute("data-sw-renditions") || "[]");
}

function blobURL(plain, type) {
  return URL.createObjectURL(new Blob(Array.isArray(plain) ? plain : [plain], { type }));
}

function markBroken(element, failure) {
  element.classList.add("is-broken");
  element.setAttribute("data-failure", failure.kind || "changed");
}

async function loadImage(img, files) {
  const sizes = JSON.parse(img.getAttribute("data-sw-renditions"));
  renditionsOf.set(img, sizes);
  const [name] = chooseRendition(sizes, img.clientWidth || img.width);
  img.removeAttribute("data-sw-renditions");
  try {
    img.src = blobURL(await files.decrypt(name), "image/jpeg");
    img.classList.add("is-open");
  } catch (failure) {
    markBroken(img, failure);
  }
}

// A clip's poster: sealed renditions, like a photo's; the clip itself only when it is played.
async function loadPoster(video, files) {
  const sizes = JSON.parse(video.getAttribute("data-sw-poster"));
  video.removeAttribute("data-sw-poster");
  const [name] = chooseRendition(sizes, video.clientWidth);
  try {
    video.poster = blobURL(await files.decrypt(name), "image/jpeg");
  } catch {
    /* the clip still plays */
  }
}

// A sealed film, decrypted and joined into one MP4 (at most four files fetched at once): a clip is
// one file; the job's timelapse is its header and its segments, each sealed on its own, and shows the
// time of the frame on screen under it as it plays. Resolves to the film's blob: address, kept on
// the video.
export async function openFilm(video, files) {
  if (video.src) return video.src;
  const film = video.hasAttribute("data-sw-film") ? JSON.parse(video.getAttribute("data-sw-film")) : null;
  // {header, parts: [[name, size]], fps}, or a clip's [name, size]
  const names = film ? [film.header, ...film.parts.map(([name]) => name)]
    : [JSON.parse(video.getAttribute("data-sw-clip"))[0]];
  const plain = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const at = next++;
      plain[at] = await files.decrypt(names[at]);
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } catch (failure) {
    markBroken(video, failure);
    throw failure;
  }
  video.src = blobURL(plain, "video/mp4");
  video.classList.add("is-open");
  if (film) showFrameTimes(video, film.fps);
  return video.src;
}

// A film starts with the customer's tap on its play button (a real button: Tab reaches it, Space and
// Enter press it, a screen reader reads its label). The film is decrypted first, with the button saying
// so, then played; the browser's own controls take over once it plays. The video has none until then:
// without a source, Chromium greys its own play button out and nothing happens when it is tapped.
function filmControl(video, files, messages) {
  video.controls = false;
  const label = video.getAttribute("aria-label") || "";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "film-play";
  button.innerHTML = '<span class="film-play-icon" aria-hidden="true"></span><span class="film-play-text"></span>';
  const status = document.createElement("p");
  status.className = "film-status";
  status.setAttribute("role", "status");
  const say = (state, detail = "") => {
    const text = state === "loading" ? messages.film_loading : messages.film_play;
    button.dataset.state = state;
    button.querySelector(".film-play-text").textContent = text;
    button.setAttribute("aria-label", label ? `${text}: ${label}` : text);
    if (state === "loading") button.setAttribute("aria-busy", "true");
    else button.removeAttribute("aria-busy");
    status.textContent = detail;
  };
  const playing = () => {
    if (document.activeElement === button) video.focus(); // the keyboard stays on the film
    button.remove();
    status.textContent = "";
  };
  // Playing needs the tap: where the browser refuses a play that came after decrypting (Safari may),
  // the button stays, and the next tap plays at once.
  const start = () => video.play().then(playing, () => say("ready", messages.film_again));
  button.addEventListener("click", async () => {
    if (button.dataset.state === "loading") return;
    if (video.src) {
      start();
      return;
    }
    say("loading");
    try {
      await openFilm(video, files);
    } catch (failure) {
      say("ready", messages[failure.kind] || messages.changed);
      return;
    }
    video.controls = true;
    say("ready");
    start();
  });
  video.addEventListener("playing", playing, { once: true }); // started from the lightbox's copy
  say("ready");
  video.after(button);
  video.parentNode.append(status);
  return button;
}

function showFrameTimes(video, fps) {
  const times = JSON.parse(video.getAttribute("data-sw-times")); // {start: "YYYY-MM-DDTHH:MM", minutes}
  const caption = video.parentNode.querySelector(".timelapse-time");
  if (!caption || !times.minutes.length) return;
  const [year, month, day, hour, minute] = times.start.split(/[-T:]/).map(Number);
  const start = Date.UTC(year, month - 1, day, hour, minute); // the shop's wall clock, as written
  const months = JSON.parse(video.getAttribute("data-sw-months") || "[]");
  const two = (n) => String(n).padStart(2, "0");
  // As the page writes a time ("21 Nov 09:00": the day, the site's short month, 24 hours).
  const format = (when) => `${when.getUTCDate()} ${months[when.getUTCMonth()] || when.getUTCMonth() + 1} ` +
    `${two(when.getUTCHours())}:${two(when.getUTCMinutes())}`;
  let shown = -1;
  const update = () => {
    const index = Math.min(times.minutes.length - 1, Math.max(0, Math.floor(video.currentTime * fps + 0.001)));
    if (index === shown) return;
    shown = index;
    caption.textContent = format(new Date(start + times.minutes[index] * 60000));
  };
  video.addEventListener("timeupdate", update);
  video.addEventListener("seeked", update);
  update();
}

let observer = null;
let onScroll = null;

// Photos and posters load as they come near the screen; photos and clips can be enlarged; films start
// with their play button.
export function watchMedia(view, files, messages) {
  const pending = () => view.querySelectorAll("img[data-sw-renditions], video[data-sw-poster]");
  const load = (element) => {
    if (observer) observer.unobserve(element);
    const sealed = element.tagName === "VIDEO" ? "data-sw-poster" : "data-sw-renditions";
    if (element.hasAttribute(sealed)) (sealed === "data-sw-poster" ? loadPoster : loadImage)(element, files);
  };
  view.querySelectorAll(".photos img.sealed").forEach((img) => {
    img.tabIndex = 0;
    img.setAttribute("role", "button");
  });
  view.querySelectorAll("video.sealed").forEach((video) => {
    const play = filmControl(video, files, messages);
    if (!video.closest(".clips")) return;
    const enlarge = document.createElement("button");
    enlarge.type = "button";
    enlarge.className = "clip-enlarge";
    enlarge.textContent = "⤢";
    enlarge.setAttribute("aria-label", messages.enlarge);
    play.after(enlarge);
  });
  if (observer) observer.disconnect();
  if (onScroll) window.removeEventListener("scroll", onScroll);
  if (!("IntersectionObserver" in window)) {
    pending().forEach(load);
    return;
  }
  observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) load(entry.target);
  }, { rootMargin: `${MARGIN}px 0px` });
  pending().forEach((element) => observer.observe(element));
  // A fast scroll can carry a photo on and off the screen between two of the observer's looks; when
  // the scrolling stops, whatever is on or near the screen and still sealed is opened.
  let timer = 0;
  onScroll = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const element of pending()) {
        const box = element.getBoundingClientRect();
        if (box.bottom > -MARGIN && box.top < window.innerHeight + MARGIN) load(element);
      }
    }, 150);
  };
  window.addEventListener("scroll", onScroll, { passive: true });
}

const MARGIN = 400; // px above and below the screen where photos are opened before they are seen
