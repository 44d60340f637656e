// Progressive enhancement of a typed date field (input[data-date-picker]): day, month and year lists, the year in
// the era the page shows (พ.ศ. on Thai pages), that fill the text field and follow what is typed into it. The
// lists come from a server-rendered <template>, so every label is already in the page's language. Without
// JavaScript the text field alone is used. A file of its own, so a Content-Security-Policy of script-src 'self'
// allows it (no inline code, no event-handler attributes).
(function () {
  'use strict';

  function asciiDigits(s) {
    return s.replace(/[\u0E50-\u0E59]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0e50);
    });
  }

  /** Day, month and year of what is typed (day/month/year or year-month-day), as the lists' values. */
  function partsOf(text) {
    var s = asciiDigits(text).replace(/\s+/g, '');
    var m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
    if (m) return { day: String(Number(m[1])), month: String(Number(m[3])), year: m[4] };
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (m) return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] };
    return undefined;
  }

  function choose(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) {
        select.value = value;
        return;
      }
    }
    select.value = '';
  }

  function enhance(input) {
    var template = document.getElementById(input.getAttribute('data-date-picker'));
    if (!template || !template.content || !template.content.firstElementChild) return;
    var picker = template.content.firstElementChild.cloneNode(true);
    var lists = {
      day: picker.querySelector('select[data-part="day"]'),
      month: picker.querySelector('select[data-part="month"]'),
      year: picker.querySelector('select[data-part="year"]'),
    };
    if (!lists.day || !lists.month || !lists.year) return;

    function fromText() {
      var parts = partsOf(input.value);
      if (!parts) return;
      choose(lists.day, parts.day);
      choose(lists.month, parts.month);
      choose(lists.year, parts.year);
    }

    function toText() {
      if (lists.day.value && lists.month.value && lists.year.value)
        input.value = lists.day.value + '/' + lists.month.value + '/' + lists.year.value;
    }

    [lists.day, lists.month, lists.year].forEach(function (select) {
      select.addEventListener('change', toText);
    });
    input.addEventListener('input', fromText);
    template.parentNode.insertBefore(picker, template);
    fromText();
  }

  function start() {
    var inputs = document.querySelectorAll('input[data-date-picker]');
    for (var i = 0; i < inputs.length; i += 1) enhance(inputs[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
