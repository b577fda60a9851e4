/* The search button: loads Pagefind's dialog when first used. Kept small (it loads with
   every page); explained in overrides/partials/search.html. */
(function () {
  var button = document.querySelector("[data-search-open]"), modal, ready;
  if (!button) return;
  function at(path) { return new URL(path, location.href).href; }
  function css(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet"; link.href = href;
    document.head.appendChild(link);
  }
  function load() {
    var data = button.dataset, bundle = at(data.searchBundle);
    var config = document.createElement("pagefind-config");
    config.setAttribute("bundle-path", bundle);
    config.setAttribute("base-url", new URL(at(data.searchRoot)).pathname);
    config.setAttribute("preload", "");
    modal = document.createElement("pagefind-modal");
    modal.innerHTML = "<pagefind-modal-header><pagefind-input debounce=150></pagefind-input></pagefind-modal-header>" +
      "<pagefind-modal-body><pagefind-summary></pagefind-summary><pagefind-results></pagefind-results></pagefind-modal-body>" +
      "<pagefind-modal-footer><pagefind-keyboard-hints></pagefind-keyboard-hints></pagefind-modal-footer>";
    document.body.append(config, modal);
    css(bundle + "pagefind-component-ui.css");
    css(at(data.searchStyles));
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = bundle + "pagefind-component-ui.js";
      script.onload = resolve;
      script.onerror = function (error) { config.remove(); modal.remove(); reject(error); };
      document.head.appendChild(script);
    }).then(function () { return customElements.whenDefined("pagefind-modal"); });
  }
  function open() {
    ready = ready || load();
    ready.then(function () {
      requestAnimationFrame(function () { modal.open(); });
    }, function () {
      ready = null;
      console.error("The search could not be loaded from " + button.dataset.searchBundle);
    });
  }
  button.addEventListener("click", open);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || (modal && modal.isOpen) ||
        target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    open();
  });
})();
