/*
 * Keyboard access to wide tables. Material wraps each table in a
 * horizontally scrolling box (.md-typeset__scrollwrap); on a phone a wide
 * table scrolls, and a box that scrolls must take keyboard focus so that
 * keyboard users can scroll it (WCAG 2.1.1; axe rule scrollable-region-focusable).
 * Boxes that scroll get tabindex="0"; boxes that fit are left out of the tab
 * order. Re-checked when the window is resized.
 */
(function () {
  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  document$.subscribe(update);
  window.addEventListener("resize", update);
})();
