// Shopwindow's public pages: a visitor who came by a customer's "Recommend us" link (?ref=CODE) finds the
// code in the prefilled message of the site's contact links (mailto:, sms:, https://wa.me/), on this
// page and the next ones of the same visit (sessionStorage; no cookie, nothing sent anywhere).
(function () {
  "use strict";

  var KEY = "shopwindow-referral";
  var CODE = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/;
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-line")) return;

  function normalise(text) {
    return String(text).replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  function remembered() {
    try { return sessionStorage.getItem(KEY); } catch (e) { return null; }
  }

  var params = new URLSearchParams(location.search);
  var code = null;
  if (params.has("ref")) {
    var given = normalise(params.get("ref"));
    if (CODE.test(given)) {
      code = given;
      try { sessionStorage.setItem(KEY, code); } catch (e) { /* private mode: this page only */ }
    }
    // The address keeps no code: a visitor who shares it on does not pass someone else's code on.
    params.delete("ref");
    var rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }
  code = code || remembered();
  if (!code || !CODE.test(code)) return;
  var line = script.getAttribute("data-line").replace("{code}", code);

  function withLine(href) {
    var field = href.indexOf("https://wa.me/") === 0 ? "text" : "body";
    var at = href.indexOf("?");
    var base = at < 0 ? href : href.slice(0, at);
    var pairs = at < 0 ? [] : href.slice(at + 1).split("&").filter(Boolean);
    var found = false;
    pairs = pairs.map(function (pair) {
      var name = pair.split("=")[0];
      if (name.toLowerCase() !== field) return pair;
      found = true;
      var value = decodeURIComponent(pair.slice(name.length + 1).replace(/\+/g, "%20"));
      return field + "=" + encodeURIComponent(value + "\n\n" + line);
    });
    if (!found) pairs.push(field + "=" + encodeURIComponent(line));
    return base + "?" + pairs.join("&");
  }

  document.querySelectorAll('a[href^="mailto:"], a[href^="sms:"], a[href^="https://wa.me/"]')
    .forEach(function (link) { link.setAttribute("href", withLine(link.getAttribute("href"))); });
})();
