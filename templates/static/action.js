/*
 * Progressive enhancement for the action page: the same server-rendered steps, without reloads.
 * Forms marked data-enhance are sent with fetch and the page's <main> is swapped for the
 * answer's; focus moves to the error summary or the new step, as a full page load would.
 * Without JavaScript (or if anything here fails) the forms simply submit as usual.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var main = document.getElementById("main");
  var shown = where(); /* the step on screen; an in-page link (#name) changes only the hash */

  function where() {
    return window.location.pathname + window.location.search;
  }

  function focusNewContent() {
    var target = main.querySelector("[data-focus]") || main.querySelector("#your-mp") || main.querySelector("h1");
    if (!target) {
      return;
    }
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function swap(html, url, push) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var next = page.getElementById("main");
    if (!next) {
      window.location.assign(url);
      return;
    }
    main.innerHTML = next.innerHTML;
    renderBotCheck();
    document.title = page.title;
    if (push) {
      window.history.pushState({ enhanced: true }, "", url);
      shown = where();
    }
    focusNewContent();
  }

  /* Cloudflare Turnstile (campaigns that turn the bot check on) renders the widgets on the page
     it loads with; a step swapped in afterwards asks it to render its own. */
  function renderBotCheck() {
    var widget = main.querySelector(".cf-turnstile");
    if (widget && window.turnstile && !widget.hasChildNodes()) {
      window.turnstile.render(widget);
    }
  }

  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = busy;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-enhance") || form.getAttribute("aria-busy") === "true") {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault(); /* a double click: the first request is on its way */
      }
      return;
    }
    event.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var method = (form.getAttribute("method") || "get").toUpperCase();
    var url = form.getAttribute("action");
    var options = { method: method, headers: { Accept: "text/html" }, credentials: "same-origin" };
    if (method === "GET") {
      url = url + "?" + data.toString();
    } else {
      options.body = data;
    }
    setBusy(form, true);
    fetch(url, options)
      .then(function (response) {
        return response.text().then(function (html) {
          swap(html, url, method === "GET");
        });
      })
      .catch(function () {
        setBusy(form, false);
        form.submit();
      });
  });

  /* Back and Forward between steps show that step's page; links to a field (the error summary's)
     fire popstate too, and must not reload the page and lose what was typed. */
  window.addEventListener("popstate", function () {
    if (where() !== shown) {
      window.location.reload();
    }
  });
})();
