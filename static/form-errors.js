// A page that shows a form's error summary moves focus to it, so that a screen reader reads the problems first
// and a keyboard user starts from them; each link in it leads to its field (the browser focuses the target of
// an in-page link itself). Loaded from a file, not inline, so a strict Content-Security-Policy allows it.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
