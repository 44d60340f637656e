// Progressive enhancement of the log-learning form: the lecture-share field (div[data-training-only]) is asked of
// training (the 10 of 70:20:10) only, so it is hidden, and its input disabled (not sent), while the category in
// effect is another: the category chosen, or the one the activity type suggests (its option's data-category).
// Without JavaScript the field is always shown, labelled "training only". A file of its own, so that a
// Content-Security-Policy of script-src 'self' allows it.
(function () {
  'use strict';
  var field = document.querySelector('[data-training-only]');
  var type = document.getElementById('activityType');
  var category = document.getElementById('category');
  if (!field || !type || !category) return;
  var input = field.querySelector('input');

  function categoryInEffect() {
    if (category.value) return category.value;
    var option = type.options[type.selectedIndex];
    return option ? option.getAttribute('data-category') || '' : '';
  }

  function update() {
    // A field with an error stays visible: the person must see what the message is about.
    var training = categoryInEffect() === '10' || input.getAttribute('aria-invalid') === 'true';
    field.hidden = !training;
    input.disabled = !training;
  }

  type.addEventListener('change', update);
  category.addEventListener('change', update);
  update();
})();
