// Modal forms: create a room, invite someone to a private room, browse the room directory,
// start a direct conversation, edit a message, confirm a deletion or leaving a room.
import { h, icon } from '../dom.js';
import { icons } from '../icons.js';
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
  (fields[0]?.input ?? submit).focus();
}

function field(label, attrs, hint, tag = 'input') {
  const input = h(tag, { id: attrs.name, ...attrs });
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

/** @param {(username: string) => Promise<void>} open */
export function directDialog(open) {
  const username = field('Username', { name: 'direct-user', required: true, maxlength: 32, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  formDialog({
    title: 'New direct message',
    description: 'A private conversation between the two of you.',
    fields: [username],
    submitLabel: 'Open conversation',
    testId: 'direct-dialog',
    run: () => open(username.input.value.trim()),
  });
}

/** @param {string} text @param {(text: string) => Promise<void>} save */
export function editDialog(text, save) {
  const input = field('Message', { name: 'edit-text', required: true, maxlength: 4000, rows: 4 }, null, 'textarea');
  input.input.value = text;
  formDialog({ title: 'Edit message', fields: [input], submitLabel: 'Save', testId: 'edit-dialog', run: () => save(input.input.value.trim()) });
}

/** A question with one action; <run> closes it by resolving. */
export function confirmDialog({ title, description, action, testId, run }) {
  formDialog({ title, description, fields: [], submitLabel: action, testId, run });
}

/**
 * The public room directory: search by name, page on with "More", join (or open) a room.
 * @param {{search: (query: string, cursor: string | null) => Promise<{rooms: Array<{roomId: string, name: string, topic: string}>, next: string | null}>,
 *          isMember: (roomId: string) => boolean, join: (roomId: string) => Promise<void>}} actions
 */
export function browseRoomsDialog({ search, isMember, join }) {
  const query = h('input', { id: 'browse-query', type: 'search', placeholder: 'Search rooms by name', autocomplete: 'off', 'aria-label': 'Search rooms' });
  const results = h('ul', { class: 'directory', 'data-testid': 'directory' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const more = h('button', { class: 'button button-ghost', type: 'button', hidden: true, text: 'More rooms', onClick: () => load(true) });
  const close = h('button', { class: 'button button-ghost', type: 'button', text: 'Close', onClick: () => dialog.close() });
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'data-testid': 'browse-dialog' },
    h('div', { class: 'dialog-form' },
      h('h2', { text: 'Browse rooms' }),
      h('div', { class: 'search-field' }, icon(icons.search), query),
      results, error,
      h('div', { class: 'dialog-actions' }, more, close)));
  let cursor = null;
  let generation = 0;
  let timer = 0;

  async function load(append) {
    const mine = ++generation;
    error.textContent = '';
    try {
      const page = await search(query.value.trim(), append ? cursor : null);
      if (mine !== generation) return;
      cursor = page.next;
      more.hidden = !cursor;
      const rows = page.rooms.map(row);
      if (append) results.append(...rows);
      else results.replaceChildren(...(rows.length > 0 ? rows : [h('li', { class: 'empty-hint', text: 'No public rooms match.' })]));
    } catch (failure) {
      if (mine === generation) error.textContent = describe(failure);
    }
  }

  function row(room) {
    const member = isMember(room.roomId);
    const button = h('button', { class: `button ${member ? 'button-ghost' : 'button-primary'}`, type: 'button', text: member ? 'Open' : 'Join' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await join(room.roomId);
        dialog.close();
      } catch (failure) {
        error.textContent = describe(failure);
        button.disabled = false;
      }
    });
    return h('li', { class: 'directory-room', dataset: { roomId: room.roomId } },
      h('span', { class: 'room-icon' }, icon(icons.hash)),
      h('div', { class: 'directory-text' }, h('strong', { text: room.name }), room.topic ? h('span', { class: 'muted', text: room.topic }) : null),
      button);
  }

  query.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load(false), 250);
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  query.focus();
  load(false);
}
