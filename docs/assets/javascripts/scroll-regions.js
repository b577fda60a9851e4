/*
 * Wide tables on a phone. Material wraps each table in a horizontally
 * scrolling box (.md-typeset__scrollwrap); on a phone a wide table scrolls.
 * - A box that scrolls must take keyboard focus so that keyboard users can
 *   scroll it (WCAG 2.1.1; axe rule scrollable-region-focusable): boxes that
 *   scroll get tabindex="0"; boxes that fit are left out of the tab order.
 * - A box that scrolls shows it: while more of the table lies to the right
 *   (left), it has the class scrolls-right (scrolls-left), and
 *   assets/stylesheets/layout.css fades that edge.
 * Re-checked when the window is resized and when a box is scrolled.
 */
(function () {
  function mark(box) {
    var more = box.scrollWidth - box.clientWidth;
    var scrolls = more > 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
    var left = Math.abs(box.scrollLeft);
    box.classList.toggle("scrolls-left", scrolls && left > 1);
    box.classList.toggle("scrolls-right", scrolls && left < more - 1);
  }
  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (!box.dataset.scrollCue) {
        box.dataset.scrollCue = "1";
        box.addEventListener("scroll", function () { mark(box); }, { passive: true });
      }
      mark(box);
    });
  }
  document$.subscribe(update);
  window.addEventListener("resize", update);
})();
