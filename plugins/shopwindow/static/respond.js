// Shopwindow private pages: the customer answers. Works on the view unlock.js has opened (it says so
// with the "shopwindow:view" event, again after every live update).
//  - A quote: approve or decline each item; the total follows; "Send my answer" links (email, SMS,
//    WhatsApp) carry the answer and its code, made with WebCrypto HMAC under the job's answer key
//    (ShopwindowAccess.answerCode; the key is in the sealed view) over the choices and the quote's
//    items, prices and currency (ShopwindowAccess.quoteDigest). Nothing is sent by this page.
//  - Recommend us: the personal link through the browser's share sheet, else copied to the clipboard.
//  - Tell others (a done job): stars, words, the name to show, the service and the ticked consent
//    make a message whose last line is the testimonial code (ShopwindowAccess.testimonialCode and
//    its two tags, under the answer key); "Send it" links open the customer's own app. "Take my
//    testimonial down" links carry the withdrawal code (ShopwindowAccess.withdrawalCode).
(function () {
  "use strict";

  var chosen = {}; // "job/quote" -> {item index: "A" or "D"}: kept across live updates of the view

  function data(element, selector) {
    var found = element.querySelector(selector);
    return found ? JSON.parse(found.textContent) : null;
  }

  function money(value, form) {
    var options = form.currency ? { style: "currency", currency: form.currency } : { maximumFractionDigits: 2 };
    try { return new Intl.NumberFormat(form.lang, options).format(value); }
    catch (e) { return String(value); }
  }

  function choicesOf(section, form) {
    var letters = "";
    for (var i = 0; i < form.names.length; i++) {
      var picked = section.querySelector('input[name="item-' + i + '"]:checked');
      letters += picked ? picked.value : "?";
    }
    return letters;
  }

  function message(form, words, choices, code) {
    var approved = [], declined = [], total = 0;
    for (var i = 0; i < form.names.length; i++) {
      var price = form.prices[i];
      var line = "- " + form.names[i] + (price === null ? "" : ": " + money(price, form));
      if (choices[i] === "A") { approved.push(line); total += price || 0; } else { declined.push(line); }
    }
    var lines = [words.intro, ""];
    if (approved.length) lines = lines.concat([words.approved].concat(approved), [""]);
    if (declined.length) lines = lines.concat([words.declined].concat(declined), [""]);
    lines.push(words.total.replace("{total}", money(total, form)));
    var code_ = code.slice(0, 5) + "-" + code.slice(5);
    var format = form.format > 1 ? "V" + form.format + "/" : "";
    lines.push(words.code + " " + form.job + "/Q" + form.quote + "/" + choices + "/" + format + code_);
    return lines.join("\n");
  }

  function link(base, channel, subject, body) {
    if (channel === "email") {
      return base + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
    }
    if (channel === "sms") return base + "?body=" + encodeURIComponent(body);
    return base + "?text=" + encodeURIComponent(body); // WhatsApp
  }

  // The "Send" links: each opens the customer's own app with the message written out.
  function offer(sends, links, subject, body, attribute) {
    sends.forEach(function (a) {
      var channel = a.getAttribute(attribute || "data-channel");
      a.href = link(links[channel], channel, subject, body);
      if (channel === "whatsapp") { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    });
  }

  function takeOfferBack(sends) {
    sends.forEach(function (a) { a.removeAttribute("href"); a.removeAttribute("target"); a.removeAttribute("rel"); });
  }

  function quote(section) {
    var form = data(section, ".answer-data");
    var words = data(section, ".answer-words");
    if (!form || !words) return;
    var state = chosen[form.job + "/" + form.quote] = chosen[form.job + "/" + form.quote] || {};
    Object.keys(state).forEach(function (index) {
      var input = section.querySelector('input[name="item-' + index + '"][value="' + state[index] + '"]');
      if (input) input.checked = true;
    });
    var key = window.ShopwindowAccess.fromBase64(form.key);
    var output = section.querySelector(".quote-total-value");
    var hint = section.querySelector(".quote-send-hint");
    var sends = section.querySelectorAll("a[data-channel]");
    var asked = 0;

    function update() {
      var choices = choicesOf(section, form);
      var total = 0;
      for (var i = 0; i < choices.length; i++) if (choices[i] === "A") total += form.prices[i] || 0;
      output.textContent = money(total, form);
      var mine = ++asked;
      if (choices.indexOf("?") >= 0) {
        takeOfferBack(sends);
        hint.textContent = words.choose;
        return;
      }
      var A = window.ShopwindowAccess;
      var digest = form.format > 1 ? A.quoteDigest(form.items, form.currency) : Promise.resolve(null);
      digest.then(function (d) { return A.answerCode(key, form.job, form.quote, choices, d); }).then(function (code) {
        if (mine !== asked) return; // a later choice is being made
        var body = message(form, words, choices, code);
        offer(sends, form.links, words.subject, body);
        hint.textContent = words.ready;
      });
    }

    section.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name || input.name.indexOf("item-") !== 0) return;
      state[input.name.slice(5)] = input.value;
      update();
    });
    section.addEventListener("submit", function (event) { event.preventDefault(); });
    update();
  }

  function recommend(section) {
    var words = data(section, ".recommend-data");
    var button = section.querySelector(".recommend-share");
    var field = section.querySelector(".referral-link");
    var status = section.querySelector(".recommend-status");
    if (!words || !button || !field) return;
    var canShare = typeof navigator.share === "function";
    button.textContent = canShare ? words.share : words.copy;
    button.addEventListener("click", function () {
      var url = field.value;
      if (canShare) {
        navigator.share({ title: words.title, text: words.text, url: url }).then(function () {
          status.textContent = words.shared;
        }, function () { /* the customer closed the sheet */ });
        return;
      }
      var copied = navigator.clipboard && navigator.clipboard.writeText
        ? navigator.clipboard.writeText(url) : Promise.reject(new Error("no clipboard"));
      copied.then(function () {
        status.textContent = words.copied;
      }, function () {
        field.focus();
        field.select();
        status.textContent = words.failed;
      });
    });
  }

  var written = {}; // job -> the card's fields as typed: kept across live updates of the view

  function testimonial(section) {
    var form = data(section, ".testimonial-data");
    var words = data(section, ".testimonial-words");
    if (!form || !words) return;
    var fields = section.querySelector("form");
    var kept = written[form.job] = written[form.job] || {};
    ["words", "name", "service"].forEach(function (name) {
      if (kept[name] !== undefined) fields.elements[name].value = kept[name];
    });
    if (kept.rating) {
      var star = fields.querySelector('input[name="rating"][value="' + kept.rating + '"]');
      if (star) star.checked = true;
    }
    if (kept.consent) fields.elements.consent.checked = true;
    var key = window.ShopwindowAccess.fromBase64(form.key);
    var hint = section.querySelector(".testimonial-hint");
    var count = section.querySelector(".testimonial-count");
    var sends = section.querySelectorAll("a[data-channel]");
    var asked = 0;

    function update() {
      var A = window.ShopwindowAccess;
      var picked = fields.querySelector('input[name="rating"]:checked');
      var text = fields.elements.words.value;
      var name = fields.elements.name.value;
      var service = fields.elements.service.value;
      kept.words = text; kept.name = name; kept.service = service;
      kept.rating = picked ? picked.value : ""; kept.consent = fields.elements.consent.checked;
      count.textContent = words.count.replace("{count}", String(text.length)).replace("{max}", "1000");
      var mine = ++asked;
      if (!picked || !A.folded(text) || !A.folded(name) || !fields.elements.consent.checked) {
        takeOfferBack(sends);
        hint.textContent = words.choose;
        return;
      }
      var rating = Number(picked.value);
      Promise.all([
        A.testimonialCode(key, form.job, form.lang, form.consent_version, rating, name, text),
        A.testimonialTag(key, form.job, "name", name),
        A.testimonialTag(key, form.job, "words", text),
      ]).then(function (made) {
        if (mine !== asked) return; // typed on since
        var code = made[0].slice(0, 5) + "-" + made[0].slice(5);
        var lines = [words.intro, "", words.stars.replace("{stars}", String(rating)),
          words.name + " " + A.folded(name)];
        if (A.folded(service)) lines.push(words.service + " " + A.folded(service));
        lines.push(words.words, text.trim(), "", words.consent + " " + form.consent, "");
        lines.push(words.code + " " + form.job + "/T" + form.format + "/" + form.lang + "/C" + form.consent_version +
          "/R" + rating + "/N" + made[1] + "/W" + made[2] + "/" + code);
        var body = lines.join("\n");
        offer(sends, form.links, words.subject, body);
        hint.textContent = words.ready;
      });
    }

    // "Take my testimonial down": its message and code are the same whatever the card holds.
    var withdraws = section.querySelectorAll("a[data-withdraw]");
    window.ShopwindowAccess.withdrawalCode(key, form.job).then(function (made) {
      var body = [words.withdraw_intro, "", words.withdraw_code + " " + form.job + "/W" + form.format + "/" +
        made.slice(0, 5) + "-" + made.slice(5)].join("\n");
      offer(withdraws, form.links, words.withdraw_subject, body, "data-withdraw");
    });

    fields.addEventListener("input", update);
    fields.addEventListener("change", update);
    fields.addEventListener("submit", function (event) { event.preventDefault(); });
    update();
  }

  document.addEventListener("shopwindow:view", function () {
    var view = document.getElementById("view");
    if (!view) return;
    view.querySelectorAll(".found-work").forEach(quote);
    view.querySelectorAll(".recommend").forEach(recommend);
    view.querySelectorAll(".testimonial-card").forEach(testimonial);
  });
})();
