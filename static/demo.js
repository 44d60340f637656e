// The demo LMS page (views/pages/demo.hbs); a file, since the Content-Security-Policy refuses inline script.
// A launch into the page's frame (a role, the module, "Select content", a placed activity) brings the frame into
// view: the buttons below it would otherwise open the tool out of sight. Without this script the launches work
// the same; the visitor scrolls up.
(function () {
  var frame = document.getElementById('lms-frame');
  if (!frame) return;
  document.querySelectorAll('a[target="lms-frame"]').forEach(function (link) {
    link.addEventListener('click', function () {
      frame.scrollIntoView({ block: 'start' });
      frame.focus();
    });
  });
})();
