// The module library's filters (views/pages/module-library.hbs): the page sends them open, so that they work
// without scripts; on a phone they fold into their disclosure unless one of them is set.
(function () {
  var more = document.querySelector('[data-library-filters]');
  if (!more || more.getAttribute('data-filtered') === 'true') return;
  if (window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) more.open = false;
})();
