/*
 * "Cite this page" (overrides/partials/page-cite.html): the copy buttons.
 * They are real <button>s (Tab, Enter and Space work) and stay hidden when
 * JavaScript is off. A click copies the citation's plain text (the element
 * named by data-copy; its data-copy-text if set, else its text) and says so
 * in the block's live region, in the page's language (data-copied /
 * data-failed of the region). No inline script: the CSP allows only files.
 */
(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      document.body.removeChild(area);
      if (done) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function say(region, message) {
    /* Empty first, so the same message is announced again on a second copy. */
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  document.querySelectorAll(".page-cite").forEach(function (block) {
    var region = block.querySelector(".page-cite__status");
    block.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !region) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.getAttribute("data-copy-text") || source.textContent;
        copyText(text.trim()).then(
          function () {
            say(region, region.getAttribute("data-copied"));
          },
          function () {
            say(region, region.getAttribute("data-failed"));
          }
        );
      });
    });
  });
})();
