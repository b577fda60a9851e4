/*
 * Keeps the page's <link rel="alternate" hreflang> links (the same page in
 * the other language, overrides/partials/head-meta.html) out of one lookup of
 * Material for MkDocs.
 *
 * Why: when the page is ready, Material's script (setupAlternate in
 * src/templates/assets/javascripts/integrations/alternate/index.ts, 9.x)
 * takes EVERY <link rel="alternate"> to be the root of another version of
 * the whole site and requests "sitemap.xml" under it, to keep readers on
 * the same page when they switch. Our links point to pages, not site roots,
 * so that request asks for ".../es/foreword/sitemap.xml": a 404 and a
 * console error on every page (on the local test server, a request to the
 * published host). The language selector does not need that lookup: its
 * links already lead to the same page in each language (mkdocs-static-i18n).
 *
 * How: this file runs after Material's bundle and before the page is ready.
 * It changes the links' rel to "x-alternate" now, and restores "alternate"
 * in its own DOMContentLoaded listener, which runs after Material's (the
 * bundle registered its listener first). The HTML as served, and the page
 * after load, keep the links unchanged. tests/test_page_metadata.py checks
 * that no sitemap.xml is requested and the links are in place.
 */
(function () {
  var links = Array.prototype.slice.call(
    document.querySelectorAll('link[rel="alternate"][hreflang]')
  );
  if (!links.length || document.readyState !== "loading") {
    return;
  }
  links.forEach(function (link) {
    link.setAttribute("rel", "x-alternate");
  });
  document.addEventListener(
    "DOMContentLoaded",
    function () {
      links.forEach(function (link) {
        link.setAttribute("rel", "alternate");
      });
    },
    { once: true }
  );
})();
