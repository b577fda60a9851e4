/*
 * The navigation drawer (the menu at phone and tablet width) by keyboard.
 *
 * Material opens the drawer with a <label> for a hidden checkbox (#__drawer);
 * our header (overrides/partials/header.html) gives that label role="button"
 * and tabindex="0". Here: Enter or Space on it opens or closes the drawer;
 * Escape closes it; opening moves the focus to the current page's link in
 * the drawer, closing brings it back to the menu button. While the drawer
 * is open, the rest of the page is inert, so Tab stays in the drawer and no
 * tab stop hides behind the dimmed page (WCAG 2.1.1, 2.4.3, 2.4.7). The
 * closed drawer is hidden (visibility, assets/stylesheets/layout.css), so
 * its links are out of the Tab order. Tests: tests/test_phone_and_language.py.
 */
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".drawer-button");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !button || !drawer) return;
  // Material's breakpoint below which the primary sidebar is a drawer.
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var inert = [];

  /* Everything beside the drawer and its ancestors, up to <body>. */
  function outside() {
    var found = [];
    for (var node = drawer; node.parentElement && node !== document.body; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (other) {
        if (other !== node && !other.matches("input, script, .md-overlay")) found.push(other);
      });
    }
    return found;
  }

  function update(moveFocus) {
    var open = toggle.checked && narrow.matches;
    button.setAttribute("aria-expanded", String(open));
    inert.forEach(function (element) { element.inert = false; });
    inert = open ? outside() : [];
    inert.forEach(function (element) { element.inert = true; });
    if (!moveFocus) return;
    if (open) {
      // The current page's entry, else the first entry (Material shows some
      // of them only at some widths: the first one laid out).
      var target = firstShown(".md-nav__link--active:is([href], [tabindex])") || firstShown(".md-nav__link[href]");
      if (target) target.focus({ preventScroll: true });
    } else if (drawer.contains(document.activeElement) || document.activeElement === document.body) {
      button.focus();
    }
  }

  function firstShown(selector) {
    return Array.prototype.find.call(drawer.querySelectorAll(selector), function (element) {
      return shown(element);
    });
  }

  /* Shown: laid out and not hidden (layout.css hides covered entries). */
  function shown(element) {
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility === "visible";
  }

  function setOpen(open) {
    if (toggle.checked !== open) toggle.click();  // fires "change" for Material and for update()
  }

  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      // Ours alone: Material also clicks a focused <label> on Enter, which
      // would toggle the drawer a second time.
      event.preventDefault();
      event.stopPropagation();
      setOpen(!toggle.checked);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      setOpen(false);
    }
  });
  /* Nested panels: the entries that open them (a section, the page's table
     of contents) and the titles that close them ("back") are <label>s too.
     They become keyboard buttons; opening a panel moves the focus to its
     title, closing it moves the focus back to the entry that opened it.
     Only where the sidebar is a drawer: on a desktop the sections are plain
     headings. */
  var panelLabels = [];
  drawer.querySelectorAll("label.md-nav__link[for], .md-nav .md-nav > label.md-nav__title[for]").forEach(function (label) {
    var panel = document.getElementById(label.htmlFor);
    if (!panel || !panel.classList.contains("md-nav__toggle")) return;
    panelLabels.push(label);
    label.addEventListener("keydown", function (event) {
      if (!narrow.matches) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();  // Material clicks a focused <label> on Enter too
        panel.click();
      }
    });
  });
  drawer.querySelectorAll(".md-nav__toggle").forEach(function (panel) {
    panel.addEventListener("change", function () {
      var selector = panel.checked ? "label.md-nav__title[for='" + panel.id + "']" : "label.md-nav__link[for='" + panel.id + "']";
      var target = drawer.querySelector(selector);
      // preventScroll: the panel is still sliding in from off screen; letting
      // the browser scroll it into view would shift the whole menu sideways
      // and leave it blank once the panel arrives.
      if (target && drawer.contains(document.activeElement)) target.focus({ preventScroll: true });
    });
  });

  function panelButtons() {
    panelLabels.forEach(function (label) {
      if (narrow.matches) {
        label.setAttribute("tabindex", "0");
        label.setAttribute("role", "button");
      } else {
        label.removeAttribute("tabindex");
        label.removeAttribute("role");
      }
    });
  }

  toggle.addEventListener("change", function () { update(true); });
  narrow.addEventListener("change", function () { update(false); panelButtons(); });
  update(false);
  panelButtons();
})();
