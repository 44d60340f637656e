// Posts a form marked data-auto-submit as soon as the page has it: the steps of an LTI message that the
// browser carries on (the Deep Linking response to the LMS, the demo LMS's id_token to the tool). A file, not an
// inline script, so that the Content-Security-Policy can refuse every inline script.
document.querySelectorAll('form[data-auto-submit]').forEach(function (form) {
  form.submit();
});
