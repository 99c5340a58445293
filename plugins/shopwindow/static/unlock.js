// Shopwindow private pages: unlock in the browser with WebCrypto only. No library, no build step.
// The format (version 1) is in plugins/shopwindow/access/format.py and DESIGN.md:
//   wrapped key and files: "SW1" + nonce(12) + AES-256-GCM(ciphertext + tag), additional data "slug/name";
//   the wrapping key is PBKDF2-SHA256(normalised code, salt, iterations).
(function () {
  "use strict";

  var MAGIC = [0x53, 0x57, 0x31]; // "SW1"
  var NONCE = 12;
  var encoder = new TextEncoder();

  // ------------------------------------------------------------------ the format
  function normaliseCode(text) {
    return String(text).replace(/\s+/g, "").replace(/-/g, "").toUpperCase()
      .replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function FormatError(message) { this.name = "FormatError"; this.message = message; }
  FormatError.prototype = Object.create(Error.prototype);

  function splitSealed(data) {
    var bytes = new Uint8Array(data);
    if (bytes.length < MAGIC.length + NONCE + 16 ||
        bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1] || bytes[2] !== MAGIC[2]) {
      throw new FormatError("not a Shopwindow v1 file");
    }
    return { nonce: bytes.slice(3, 3 + NONCE), body: bytes.slice(3 + NONCE) };
  }

  function gcm(slug, name, nonce) {
    return { name: "AES-GCM", iv: nonce, additionalData: encoder.encode(slug + "/" + name), tagLength: 128 };
  }

  function deriveWrappingKey(code, salt, iterations) {
    return crypto.subtle.importKey("raw", encoder.encode(normaliseCode(code)), "PBKDF2", false, ["deriveKey"])
      .then(function (base) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
          base, { name: "AES-GCM", length: 256 }, false, ["unwrapKey"]);
      });
  }

  // The content key never exists as bytes in this page: it is unwrapped straight into a
  // non-extractable CryptoKey that can only decrypt.
  function unwrapContentKey(lock, code) {
    var sealed = splitSealed(fromBase64(lock.wrapped));
    return deriveWrappingKey(code, fromBase64(lock.salt), lock.iterations).then(function (wrappingKey) {
      return crypto.subtle.unwrapKey("raw", sealed.body, wrappingKey, gcm(lock.slug, "key", sealed.nonce),
        { name: "AES-GCM" }, false, ["decrypt"]);
    });
  }

  function openSealed(key, slug, name, data) {
    var sealed = splitSealed(data);
    return crypto.subtle.decrypt(gcm(slug, name, sealed.nonce), key, sealed.body);
  }

  // The first 5 * count bits of bytes, 5 a character, most significant first (the code alphabet).
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function characters(bytes, count) {
    var out = "", value = 0, bits = 0, i = 0;
    while (out.length < count) {
      value = (value << 8) | bytes[i++];
      bits += 8;
      while (bits >= 5 && out.length < count) {
        out += ALPHABET[(value >> (bits - 5)) & 31];
        bits -= 5;
      }
      value &= (1 << bits) - 1;
    }
    return out;
  }

  // The code of a customer's answer to a quote: HMAC-SHA256 under the job's answer key (delivered in
  // the sealed view) of "answer\0" + job + "\0" + quote version + "\0" + choices ("A"/"D" per item),
  // and in format 2 + "\0" + the quote's digest (quoteDigest): the code binds what was quoted.
  function answerCode(keyBytes, job, quoteVersion, choices, digest) {
    var message = "answer\0" + job + "\0" + String(quoteVersion) + "\0" + choices;
    if (digest !== undefined && digest !== null) message += "\0" + digest;
    return crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) { return crypto.subtle.sign("HMAC", key, encoder.encode(message)); })
      .then(function (mac) { return characters(new Uint8Array(mac), 10); });
  }

  // The hex SHA-256 of a quote's canonical text: "shopwindow quote\n" + currency + "\n", then
  // name + "\t" + price + "\n" per item (names and prices as the page gives them, already canonical).
  function quoteDigest(items, currency) {
    var text = "shopwindow quote\n" + (currency || "").toUpperCase() + "\n";
    for (var i = 0; i < items.length; i++) text += items[i][0] + "\t" + items[i][1] + "\n";
    return crypto.subtle.digest("SHA-256", encoder.encode(text)).then(function (hash) {
      return Array.prototype.map.call(new Uint8Array(hash), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    });
  }

  var api = {
    normaliseCode: normaliseCode, fromBase64: fromBase64, deriveWrappingKey: deriveWrappingKey,
    unwrapContentKey: unwrapContentKey, openSealed: openSealed, answerCode: answerCode,
    quoteDigest: quoteDigest,
  };
  window.ShopwindowAccess = api;

  // ------------------------------------------------------------------ remembering a device
  // The content key itself (a non-extractable CryptoKey) in IndexedDB, under the job's slug.
  function database() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("shopwindow", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("keys"); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(mode, action) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("keys", mode);
        var request = action(transaction.objectStore("keys"));
        transaction.oncomplete = function () { db.close(); resolve(request && request.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function forgetSlug(slug) {
    return store("readwrite", function (s) { return s.delete(slug); });
  }

  // A job past retention: its page says so, and this device forgets the key it remembered for it.
  var expiredNotice = document.getElementById("shopwindow-expired");
  if (expiredNotice) {
    if (window.indexedDB) forgetSlug(expiredNotice.getAttribute("data-slug")).catch(function () {});
    return;
  }

  // ------------------------------------------------------------------ the page
  var root = document.getElementById("shopwindow-private");
  var lockElement = document.getElementById("shopwindow-lock");
  if (!root || !lockElement) return;
  var lock = JSON.parse(lockElement.textContent);
  var messages = JSON.parse(document.getElementById("shopwindow-messages").textContent);
  var form = document.getElementById("unlock-form");
  var input = document.getElementById("access-code");
  var rememberBox = document.getElementById("remember");
  var message = document.getElementById("unlock-message");
  var unlockSection = document.getElementById("unlock");
  var viewElement = document.getElementById("view");
  var tools = document.getElementById("private-tools");
  var forgetButton = document.getElementById("forget");
  var base = root.getAttribute("data-base");
  var viewName = root.getAttribute("data-view");
  var contentKey = null;
  var observer = null;

  function say(key) {
    message.textContent = messages[key] || key;
  }

  function Failure(kind) { this.kind = kind; }

  function remember(key) {
    // The wrapped key names the code version: after a rotation the remembered key is dropped.
    return store("readwrite", function (s) { return s.put({ key: key, wrapped: lock.wrapped }, lock.slug); });
  }

  function recall() {
    return store("readonly", function (s) { return s.get(lock.slug); }).then(function (entry) {
      if (!entry) return null;
      if (entry.wrapped !== lock.wrapped) return forget().then(function () { return null; });
      return entry.key;
    }).catch(function () { return null; });
  }

  function forget() {
    return forgetSlug(lock.slug);
  }

  // ---- fetching and decrypting
  function fetchSealed(name) {
    return fetch(base + name, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
      if (response.status === 404 || response.status === 410) throw new Failure("gone");
      if (!response.ok) throw new Failure("network");
      return response.arrayBuffer();
    }, function () { throw new Failure("network"); });
  }

  function decryptFile(key, name) {
    return fetchSealed(name).then(function (data) {
      return openSealed(key, lock.slug, name, data).catch(function () { throw new Failure("changed"); });
    });
  }

  var renditionsOf = new WeakMap();

  function loadImage(img) {
    var renditions = JSON.parse(img.getAttribute("data-sw-renditions"));
    renditionsOf.set(img, renditions);
    var wanted = (img.clientWidth || img.width || 480) * (window.devicePixelRatio || 1);
    var chosen = renditions[renditions.length - 1];
    for (var i = 0; i < renditions.length; i++) {
      if (renditions[i][1] >= wanted) { chosen = renditions[i]; break; }
    }
    img.removeAttribute("data-sw-renditions");
    decryptFile(contentKey, chosen[0]).then(function (plain) {
      img.src = URL.createObjectURL(new Blob([plain], { type: "image/jpeg" }));
      img.classList.add("is-open");
    }, function (failure) {
      img.classList.add("is-broken");
      img.setAttribute("data-failure", failure.kind || "changed");
    });
  }

  // A clip: its poster (sealed renditions, like a photo's) as it scrolls into view; the clip itself,
  // one sealed MP4, only when it is played.
  function loadPoster(video) {
    var renditions = JSON.parse(video.getAttribute("data-sw-poster"));
    video.removeAttribute("data-sw-poster");
    var wanted = (video.clientWidth || 480) * (window.devicePixelRatio || 1);
    var chosen = renditions[renditions.length - 1];
    for (var i = 0; i < renditions.length; i++) {
      if (renditions[i][1] >= wanted) { chosen = renditions[i]; break; }
    }
    decryptFile(contentKey, chosen[0]).then(function (plain) {
      video.poster = URL.createObjectURL(new Blob([plain], { type: "image/jpeg" }));
    }, function () { /* the clip still plays */ });
  }

  // A sealed film, decrypted and joined into one MP4 (at most four files fetched at once): a clip is
  // one file; the job's timelapse is its header and its segments, each sealed on its own, and shows the
  // time of the frame on screen under it as it plays. Resolves to the film's blob: address, kept on
  // the video.
  function openFilm(video) {
    if (video.src) return Promise.resolve(video.src);
    var film = video.hasAttribute("data-sw-film") ? JSON.parse(video.getAttribute("data-sw-film")) : null;
    var names = film ? [film.header].concat(film.parts.map(function (part) { return part[0]; }))
      : [JSON.parse(video.getAttribute("data-sw-clip"))[0]]; // {header, parts: [[name, size]], fps}; [name, size]
    var plain = new Array(names.length), next = 0;
    function worker() {
      if (next >= names.length) return Promise.resolve();
      var at = next++;
      return decryptFile(contentKey, names[at]).then(function (data) { plain[at] = data; return worker(); });
    }
    return Promise.all([worker(), worker(), worker(), worker()]).then(function () {
      video.src = URL.createObjectURL(new Blob(plain, { type: "video/mp4" }));
      video.classList.add("is-open");
      if (film) showFrameTimes(video, film.fps);
      return video.src;
    }, function (failure) {
      video.classList.add("is-broken");
      video.setAttribute("data-failure", failure.kind || "changed");
      throw failure;
    });
  }

  function playFilm(event) {
    var video = event.target;
    if (!video.matches || !video.matches("video[data-sw-clip], video[data-sw-film]") || video.src || !contentKey) return;
    video.pause();
    video.setAttribute("aria-busy", "true");
    openFilm(video).then(function () { return video.play(); })
      .catch(function () { /* marked broken; or the customer presses play again */ })
      .then(function () { video.removeAttribute("aria-busy"); });
  }

  function showFrameTimes(video, fps) {
    var times = JSON.parse(video.getAttribute("data-sw-times")); // {start: "YYYY-MM-DDTHH:MM", minutes}
    var caption = video.parentNode.querySelector(".timelapse-time");
    if (!caption || !times.minutes.length) return;
    var p = times.start.split(/[-T:]/).map(Number);
    var start = new Date(p[0], p[1] - 1, p[2], p[3], p[4]).getTime();
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
      { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    var shown = -1;
    function update() {
      var index = Math.min(times.minutes.length - 1, Math.max(0, Math.floor(video.currentTime * fps + 0.001)));
      if (index === shown) return;
      shown = index;
      caption.textContent = format.format(new Date(start + times.minutes[index] * 60000));
    }
    video.addEventListener("timeupdate", update);
    video.addEventListener("seeked", update);
    update();
  }

  function watchImages() {
    var images = viewElement.querySelectorAll("img[data-sw-renditions], video[data-sw-poster]");
    var load = function (element) { (element.tagName === "VIDEO" ? loadPoster : loadImage)(element); };
    if (!("IntersectionObserver" in window)) {
      images.forEach(load);
      return;
    }
    if (observer) observer.disconnect();
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
      });
    }, { rootMargin: "400px 0px" });
    images.forEach(function (img) { observer.observe(img); });
    viewElement.querySelectorAll(".photos img.sealed").forEach(function (img) {
      img.tabIndex = 0;
      img.setAttribute("role", "button");
    });
    viewElement.querySelectorAll(".clips video.sealed").forEach(function (video) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "clip-enlarge";
      button.textContent = "⤢";
      button.setAttribute("aria-label", messages.enlarge);
      video.after(button);
    });
  }

  // ---- tap to enlarge, swipe between photos and clips
  var lightbox = null;

  function photoList() {
    return Array.prototype.slice.call(viewElement.querySelectorAll(".photos img.sealed, .clips video.sealed"));
  }

  function buildLightbox() {
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", messages.photos);
    dialog.innerHTML = '<figure class="lightbox-figure"><img alt=""><video controls playsinline hidden></video></figure>' +
      '<p class="lightbox-count" aria-live="polite"></p>' +
      '<button type="button" class="lightbox-prev" autofocus></button><button type="button" class="lightbox-next"></button>' +
      '<button type="button" class="lightbox-close"></button>';
    dialog.querySelector("figure img").draggable = false; // a native image drag would cancel the swipe
    var prev = dialog.querySelector(".lightbox-prev"), next = dialog.querySelector(".lightbox-next");
    var close = dialog.querySelector(".lightbox-close");
    prev.textContent = "‹"; prev.setAttribute("aria-label", messages.previous);
    next.textContent = "›"; next.setAttribute("aria-label", messages.next);
    close.textContent = "×"; close.setAttribute("aria-label", messages.close);
    prev.addEventListener("click", function () { step(-1); });
    next.addEventListener("click", function () { step(1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.target.tagName === "VIDEO") return; // its own keys: seeking
      if (event.key === "ArrowLeft") step(-1);
      if (event.key === "ArrowRight") step(1);
    });
    var startX = null;
    dialog.addEventListener("pointerdown", function (event) {
      startX = event.target.tagName === "VIDEO" ? null : event.clientX; // a clip's controls are dragged
    });
    dialog.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 50) step(dx < 0 ? 1 : -1);
    });
    dialog.addEventListener("close", function () {
      var img = dialog.querySelector("figure img");
      if (img.src.indexOf("blob:") === 0) URL.revokeObjectURL(img.src);
      img.removeAttribute("src");
      stopBigClip();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function stopBigClip() {
    var video = lightbox.querySelector("figure video");
    video.pause();
    video.removeAttribute("src");
    video.removeAttribute("poster");
    video.load();
    video.hidden = true;
  }

  function showPhoto(index) {
    var photos = photoList();
    if (!photos.length) return;
    index = (index + photos.length) % photos.length;
    lightbox.index = index;
    var source = photos[index];
    var big = lightbox.querySelector("figure img");
    var label = source.tagName === "VIDEO" ? messages.video_of : messages.photo_of;
    lightbox.querySelector(".lightbox-count").textContent =
      label.replace("{n}", index + 1).replace("{total}", photos.length);
    stopBigClip();
    if (source.tagName === "VIDEO") { showClip(source, index, big); return; }
    big.hidden = false;
    big.alt = source.alt;
    var renditions = renditionsOf.get(source) || JSON.parse(source.getAttribute("data-sw-renditions") || "[]");
    if (!renditions.length) return;
    var largest = renditions[renditions.length - 1][0];
    decryptFile(contentKey, largest).then(function (plain) {
      if (lightbox.index !== index) return;
      if (big.src.indexOf("blob:") === 0) URL.revokeObjectURL(big.src);
      big.src = URL.createObjectURL(new Blob([plain], { type: "image/jpeg" }));
    }, function () { big.alt = messages.changed; });
  }

  // A clip in the lightbox: the page's clip pauses, and the same decrypted film plays here, with controls.
  function showClip(source, index, big) {
    big.hidden = true;
    source.pause();
    var video = lightbox.querySelector("figure video");
    video.hidden = false;
    video.setAttribute("aria-label", source.getAttribute("aria-label") || "");
    if (source.poster) video.poster = source.poster;
    openFilm(source).then(function (url) { // the page's clip keeps the decrypted film
      if (lightbox.index !== index) return;
      video.src = url;
      return video.play().catch(function () { /* the customer presses play */ });
    }, function () { video.setAttribute("aria-label", messages.changed); });
  }

  function step(delta) { showPhoto(lightbox.index + delta); }

  function enlarge(event) {
    var button = event.target.closest(".clip-enlarge");
    var img = button ? button.previousElementSibling : event.target.closest(".photos img.sealed");
    if (!img || !contentKey) return;
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    lightbox = lightbox || buildLightbox();
    if (!lightbox.open) lightbox.showModal();
    showPhoto(photoList().indexOf(img));
  }

  // ---- files the page links (an invoice, a photo): decrypted when tapped, saved under their own name
  function download(event) {
    var link = event.target.closest("a[data-sw-file]");
    if (!link || !contentKey) return;
    event.preventDefault();
    var file = JSON.parse(link.getAttribute("data-sw-file")); // [sealed name, file name, type, size]
    link.setAttribute("aria-busy", "true");
    decryptFile(contentKey, file[0]).then(function (plain) {
      var url = URL.createObjectURL(new Blob([plain], { type: file[2] }));
      var save = document.createElement("a");
      save.href = url;
      save.download = file[1];
      save.hidden = true;
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }, function (failure) {
      link.classList.add("is-broken");
      link.setAttribute("data-failure", failure.kind || "changed");
    }).then(function () { link.removeAttribute("aria-busy"); });
  }

  viewElement.addEventListener("play", playFilm, true); // "play" does not bubble: caught on its way down
  viewElement.addEventListener("click", download);
  viewElement.addEventListener("click", enlarge);
  viewElement.addEventListener("keydown", enlarge);

  function show(html) {
    viewElement.querySelectorAll("img[src^='blob:'], video[src^='blob:']").forEach(function (media) {
      URL.revokeObjectURL(media.src);
    });
    var template = document.createElement("template");
    template.innerHTML = html; // our own build-time HTML; scripts in it never run (CSP, innerHTML)
    viewElement.replaceChildren(template.content);
    // The tab keeps the shell's generic title: history and tab sync never hold the job's title.
    viewElement.hidden = false;
    unlockSection.hidden = true;
    tools.hidden = false;
    watchImages();
    document.dispatchEvent(new CustomEvent("shopwindow:view"));
  }

  // The sealed view is fetched while PBKDF2 runs, so the network is off the critical path.
  var prefetched = null;

  function prefetchView() {
    prefetched = fetchSealed(viewName);
    prefetched.catch(function () {});
  }

  var lastSealed = null;
  var pollTimer = null;

  function sameBytes(a, b) {
    if (!a || !b || a.byteLength !== b.byteLength) return false;
    var x = new Uint8Array(a), y = new Uint8Array(b);
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  function openWith(key) {
    var sealedView = prefetched || fetchSealed(viewName);
    prefetched = null;
    return sealedView.then(function (data) {
      return openSealed(key, lock.slug, viewName, data).then(function (plain) {
        lastSealed = data;
        return plain;
      }, function () { throw new Failure("changed"); });
    }).then(function (plain) {
      contentKey = key;
      show(new TextDecoder().decode(plain));
      schedulePoll();
    });
  }

  // ---- live: poll the sealed view (an unchanged one is a 304 and the same bytes) and swap it in
  function schedulePoll() {
    var seconds = parseInt(root.getAttribute("data-poll"), 10) || 0;
    if (!seconds) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    if (!contentKey || document.hidden || (lightbox && lightbox.open)) { schedulePoll(); return; }
    fetchSealed(viewName).then(function (data) {
      if (sameBytes(data, lastSealed)) return;
      return openSealed(contentKey, lock.slug, viewName, data).then(function (plain) {
        lastSealed = data;
        swap(new TextDecoder().decode(plain));
      });
    }).catch(function () { /* a failed poll is retried at the next one */ }).then(schedulePoll);
  }

  function keys() {
    var found = {};
    viewElement.querySelectorAll("[data-key]").forEach(function (e) { found[e.getAttribute("data-key")] = true; });
    return found;
  }

  function swap(html) {
    // Keep the customer's place: the first update still on screen stays where it is.
    var anchor = null, offset = 0;
    var updates = viewElement.querySelectorAll("[data-key]");
    for (var i = 0; i < updates.length; i++) {
      var box = updates[i].getBoundingClientRect();
      if (box.bottom > 0) { anchor = updates[i].getAttribute("data-key"); offset = box.top; break; }
    }
    var before = keys();
    show(html);
    viewElement.querySelectorAll("[data-key]").forEach(function (e) {
      if (!before[e.getAttribute("data-key")]) e.classList.add("is-new");
    });
    if (anchor) {
      var again = viewElement.querySelector('[data-key="' + anchor + '"]');
      if (again) window.scrollBy(0, again.getBoundingClientRect().top - offset);
    }
    document.getElementById("live-status").textContent = messages.updated;
  }

  function showForm() {
    viewElement.hidden = true;
    viewElement.replaceChildren();
    unlockSection.hidden = false;
    tools.hidden = true;
  }

  function unlock(code, keep) {
    say("working");
    return unwrapContentKey(lock, code).then(function (key) {
      return openWith(key).then(function () {
        message.textContent = "";
        if (keep) return remember(key).then(function () { forgetButton.hidden = false; });
      });
    }, function (error) {
      if (error instanceof FormatError) throw new Failure("changed");
      throw new Failure("wrong");
    }).catch(function (failure) {
      showForm();
      say(failure.kind || "wrong");
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = normaliseCode(input.value);
    if (!code) { say("empty"); input.focus(); return; }
    prefetchView();
    unlock(code, rememberBox.checked);
  });

  forgetButton.addEventListener("click", function () {
    forget().then(function () {
      contentKey = null;
      forgetButton.hidden = true;
      showForm();
      input.value = "";
      say("forgotten");
      input.focus();
    });
  });

  function start() {
    var code = location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : "";
    if (code) {
      // The code must not linger in the address bar, history or a screenshot.
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
      say("nocrypto");
      form.hidden = true;
      return;
    }
    if (code) {
      prefetchView();
      unlock(code, false);
      return;
    }
    recall().then(function (key) {
      if (!key) return;
      forgetButton.hidden = false;
      return openWith(key).catch(function (failure) {
        // A rotated code was caught above (the wrapped key differs); this is a changed file or no network.
        showForm();
        say(failure.kind || "changed");
      });
    });
  }

  start();
})();
