// The app frame's behaviour (views/layouts/main.hbs); a file, since the Content-Security-Policy refuses inline script.
// 1. On a phone the navigation folds behind the menu button; without this script it stays a plain list.
// 2. Inside the LMS's iframe (Moodle's "Embed"), the page tells the LMS its height whenever it changes, with the
//    message LMSs listen for ({subject: 'lti.frameResize', height}), so the iframe fits the page without a second
//    scroll bar. In a window of its own it sends nothing.
(function () {
  var root = document.documentElement;
  root.classList.add('js');

  function menu() {
    var toggle = document.querySelector('.nav-toggle');
    var nav = document.getElementById('app-nav');
    if (!toggle || !nav) return;
    toggle.hidden = false;
    function set(open) {
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      root.classList.toggle('nav-open', open);
    }
    toggle.addEventListener('click', function () {
      set(toggle.getAttribute('aria-expanded') !== 'true');
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && root.classList.contains('nav-open')) {
        set(false);
        toggle.focus();
      }
    });
  }

  function frameResize() {
    var parent = window.parent;
    if (!parent || parent === window) return;
    var sent = 0;
    var queued = false;
    function send() {
      queued = false;
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height === sent) return;
      sent = height;
      // Only a height goes out, to whichever page frames the tool (frame-ancestors limits that to the LMSs).
      parent.postMessage({ subject: 'lti.frameResize', height: height }, '*');
    }
    function queue() {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(send);
    }
    if (typeof window.ResizeObserver === 'function') new window.ResizeObserver(queue).observe(document.body);
    window.addEventListener('resize', queue);
    window.addEventListener('load', queue);
    queue();
  }

  function ready() {
    menu();
    frameResize();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
