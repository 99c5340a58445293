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

export function playFilm(event, files) {
  const video = event.target;
  if (!video.matches || !video.matches("video[data-sw-clip], video[data-sw-film]") || video.src || !files.key) return;
  video.pause();
  video.setAttribute("aria-busy", "true");
  openFilm(video, files).then(() => video.play())
    .catch(() => { /* marked broken; or the customer presses play again */ })
    .then(() => video.removeAttribute("aria-busy"));
}

function showFrameTimes(video, fps) {
  const times = JSON.parse(video.getAttribute("data-sw-times")); // {start: "YYYY-MM-DDTHH:MM", minutes}
  const caption = video.parentNode.querySelector(".timelapse-time");
  if (!caption || !times.minutes.length) return;
  const [year, month, day, hour, minute] = times.start.split(/[-T:]/).map(Number);
  const start = new Date(year, month - 1, day, hour, minute).getTime();
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
    { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  let shown = -1;
  const update = () => {
    const index = Math.min(times.minutes.length - 1, Math.max(0, Math.floor(video.currentTime * fps + 0.001)));
    if (index === shown) return;
    shown = index;
    caption.textContent = format.format(new Date(start + times.minutes[index] * 60000));
  };
  video.addEventListener("timeupdate", update);
  video.addEventListener("seeked", update);
  update();
}

let observer = null;

// Photos and posters load as they come near the screen; photos and clips can be enlarged.
export function watchMedia(view, files, messages) {
  const media = view.querySelectorAll("img[data-sw-renditions], video[data-sw-poster]");
  const load = (element) => (element.tagName === "VIDEO" ? loadPoster : loadImage)(element, files);
  if (!("IntersectionObserver" in window)) {
    media.forEach(load);
    return;
  }
  if (observer) observer.disconnect();
  observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
    }
  }, { rootMargin: "400px 0px" });
  media.forEach((element) => observer.observe(element));
  view.querySelectorAll(".photos img.sealed").forEach((img) => {
    img.tabIndex = 0;
    img.setAttribute("role", "button");
  });
  view.querySelectorAll(".clips video.sealed").forEach((video) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "clip-enlarge";
    button.textContent = "⤢";
    button.setAttribute("aria-label", messages.enlarge);
    video.after(button);
  });
}
