// The demo LMS's page after the tool's Deep Linking answer (views/pages/demo-return.hbs); a file, since the
// Content-Security-Policy refuses inline script. Like Moodle closing its "Select content" dialog, an accepted
// answer takes the demo page (the window this frame is in, or the window that opened this one) to its course
// list, where the placed activities now show. A refused answer stays, with its reason; so does everything
// without script, with its link back.
(function () {
  var card = document.querySelector('[data-demo-return][data-accepted]');
  if (!card) return;
  var back = card.getAttribute('data-back');
  if (!back) return;
  try {
    if (window.top && window.top !== window) {
      window.top.location.assign(back);
    } else if (window.opener && window.opener.location.origin === window.location.origin) {
      window.opener.location.assign(back);
    }
  } catch {
    // Another origin's window: leave it, the link back stays.
  }
})();
