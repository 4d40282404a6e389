/* Canned replies in the admin's reply form (tawasul/admin/forms.py CannedReplyTextarea).
   "Insert" puts the chosen reply (its variables already filled in by the server) at the cursor of
   the reply's text area, which stays editable. A file, not an inline script: the portal's
   Content-Security-Policy allows scripts from the site only. */
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-canned-insert]");
  if (!button) return;
  const select = document.getElementById(button.dataset.cannedInsert);
  const area = select && document.getElementById(select.dataset.cannedFor);
  if (!area || !select.value) return;
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? area.value.length;
  area.value = area.value.slice(0, start) + select.value + area.value.slice(end);
  area.focus();
  const caret = start + select.value.length;
  area.setSelectionRange(caret, caret);
});
