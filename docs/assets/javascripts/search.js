/*
 * Search that costs nothing until used. The header's search button
 * (overrides/partials/search.html) loads Pagefind's search dialog (its
 * Component UI, written into site/pagefind/ by overrides/hooks/pagefind_index.py)
 * the first time it is pressed, and opens it. Before that, no search file is
 * requested (tests/test_search.py counts the requests). Pagefind then fetches
 * the index of the page's language (<html lang>) and, as the reader types,
 * only the index fragments for the words typed. Its interface text follows
 * <html lang>; results are announced to screen readers (aria-live).
 * Keyboard: Tab to the button and Enter, or "/" anywhere outside a text field;
 * Escape closes the dialog and the focus goes back to where it was.
 */
(function () {
  var button = document.querySelector("[data-search-open]");
  if (!button) return;
  var modal = null;

  /* An address relative to the page (the template's "url" filter) made absolute. */
  function absolute(relative) {
    return new URL(relative, location.href).href;
  }

  function stylesheet(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function load() {
    var bundle = absolute(button.dataset.searchBundle);
    var config = document.createElement("pagefind-config");
    config.setAttribute("bundle-path", bundle);
    /* Result addresses are stored from the site root; the site may be
       published in a sub-folder (GitHub Pages). */
    config.setAttribute("base-url", new URL(absolute(button.dataset.searchRoot)).pathname);
    config.setAttribute("preload", "");
    modal = document.createElement("pagefind-modal");
    modal.setAttribute("reset-on-close", "false");
    /* Pagefind's default dialog, but searching 150 ms after the last
       keystroke instead of 300 (the first results within a second). */
    modal.innerHTML = "<pagefind-modal-header><pagefind-input debounce=\"150\"></pagefind-input></pagefind-modal-header>" +
      "<pagefind-modal-body><pagefind-summary></pagefind-summary><pagefind-results></pagefind-results></pagefind-modal-body>" +
      "<pagefind-modal-footer><pagefind-keyboard-hints></pagefind-keyboard-hints></pagefind-modal-footer>";
    document.body.append(config, modal);
    stylesheet(bundle + "pagefind-component-ui.css");
    stylesheet(absolute(button.dataset.searchStyles));
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = bundle + "pagefind-component-ui.js";
      script.onload = resolve;
      script.onerror = function () { modal = null; reject(new Error("search could not be loaded: " + script.src)); };
      document.head.appendChild(script);
    }).then(function () {
      return customElements.whenDefined("pagefind-modal");
    });
  }

  var ready = null;
  function open() {
    ready = ready || load();
    ready.then(function () {
      /* The element renders its <dialog> when it is connected and defined. */
      requestAnimationFrame(function () { modal.open(); });
    }, function (error) {
      ready = null;
      console.error(error);
    });
  }

  button.addEventListener("click", open);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (modal && modal.isOpen) return;
    event.preventDefault();
    open();
  });
})();
