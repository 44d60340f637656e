// The demo LMS page (views/pages/demo.hbs); a file, since the Content-Security-Policy refuses inline script.
// 1. A launch into the page's frame (a role, the module, "Select content", a placed activity) brings the frame into
//    view: the buttons below it would otherwise open the tool out of sight. Without this script the launches work
//    the same; the visitor scrolls up.
// 2. Like Moodle, the frame takes the height the tool's page asks for with its `lti.frameResize` message
//    (static/frame.js), so a placed activity shows whole, without a second scroll bar. Only a message from the
//    tool's origin (data-tool-origin) whose sender is this frame counts, and its height must be a positive number
//    (at most 50,000 px). Without this script the frame keeps its fixed height and scrolls.
(function () {
  var frame = document.getElementById('lms-frame');
  if (!frame) return;
  document.querySelectorAll('a[target="lms-frame"]').forEach(function (link) {
    link.addEventListener('click', function () {
      frame.scrollIntoView({ block: 'start' });
      frame.focus();
    });
  });

  var toolOrigin = frame.getAttribute('data-tool-origin');
  if (!toolOrigin) return;
  var MAX_HEIGHT = 50000;
  window.addEventListener('message', function (event) {
    if (event.origin !== toolOrigin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        return;
      }
    }
    if (!data || data.subject !== 'lti.frameResize') return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    // The frame's border (1px each side, border-box) is outside the page it shows.
    frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + 2 + 'px';
  });
})();
