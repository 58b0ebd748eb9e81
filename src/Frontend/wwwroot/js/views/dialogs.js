// Modal forms: create a room, invite someone to a private room.
import { h } from '../dom.js';
import { describe } from '../errors.js';
import { slugify } from '../ids.js';

/**
 * Shows a modal form; `run` receives the form's fields and closes the dialog by resolving.
 * A rejection is shown in the dialog, which stays open.
 */
function formDialog({ title, description, fields, submitLabel, testId, run }) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { class: 'button button-primary', type: 'submit', text: submitLabel });
  const cancel = h('button', { class: 'button button-ghost', type: 'button', text: 'Cancel', onClick: () => dialog.close() });
  const form = h('form', { class: 'dialog-form', novalidate: true },
    h('h2', { text: title }),
    description ? h('p', { class: 'muted', text: description }) : null,
    ...fields.map((field) => field.element),
    error,
    h('div', { class: 'dialog-actions' }, cancel, submit));
  const dialog = h('dialog', { class: 'dialog', 'data-testid': testId }, form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await run();
      dialog.close();
    } catch (failure) {
      error.textContent = describe(failure);
    } finally {
      submit.disabled = false;
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  fields[0].input.focus();
}

function field(label, attrs, hint) {
  const input = h('input', { id: attrs.name, ...attrs });
  return { input, element: h('div', { class: 'field' }, h('label', { for: attrs.name, text: label }), input, hint ? h('p', { class: 'field-hint', text: hint }) : null) };
}

/** @param {(room: {roomId: string, name: string, isPrivate: boolean}) => Promise<void>} create */
export function createRoomDialog(create) {
  const name = field('Name', { name: 'room-name', required: true, maxlength: 100, placeholder: 'Design reviews', autocomplete: 'off' });
  const id = field('Room id', { name: 'room-id', required: true, maxlength: 64, placeholder: 'design-reviews', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' },
    'Lowercase letters, digits and dashes. It is the room’s address and cannot change.');
  const privateBox = h('input', { id: 'room-private', name: 'room-private', type: 'checkbox' });
  const privacy = { input: privateBox, element: h('label', { class: 'check', for: 'room-private' }, privateBox, h('span', {}, h('strong', { text: 'Private' }), ' — only people you invite can see it')) };
  let idEdited = false;
  id.input.addEventListener('input', () => { idEdited = true; });
  name.input.addEventListener('input', () => {
    if (!idEdited) id.input.value = slugify(name.input.value);
  });
  formDialog({
    title: 'Create a room',
    fields: [name, id, privacy],
    submitLabel: 'Create room',
    testId: 'create-room-dialog',
    run: () => create({ roomId: id.input.value.trim(), name: name.input.value.trim(), isPrivate: privateBox.checked }),
  });
}

/** @param {string} roomName @param {(username: string) => Promise<void>} invite */
export function inviteDialog(roomName, invite) {
  const username = field('Username', { name: 'invitee', required: true, maxlength: 32, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  formDialog({
    title: `Invite to ${roomName}`,
    description: 'They will see the room in their list and can read its whole history.',
    fields: [username],
    submitLabel: 'Invite',
    testId: 'invite-dialog',
    run: () => invite(username.input.value.trim()),
  });
}
