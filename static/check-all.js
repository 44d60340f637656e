// A checkbox marked data-check-all="<name>" ticks or clears every checkbox of that name on the page (HR recording a
// page of signed forms at once). Without scripts the row holding it stays hidden and each person is ticked alone.
document.querySelectorAll('[data-check-all]').forEach(function (all) {
  var boxes = document.querySelectorAll('input[type="checkbox"][name="' + all.getAttribute('data-check-all') + '"]');
  var row = all.closest('[data-check-all-row]');
  if (row) row.hidden = false;
  all.addEventListener('change', function () {
    boxes.forEach(function (box) {
      box.checked = all.checked;
    });
  });
});
