import { ApiError, auth } from '../api.js';
import { field, h } from '../dom.js';
import type { User } from '../types.js';

/** The login page; `onLoggedIn` is called with the user once tokens are stored. */
export function loginView(onLoggedIn: (u: User) => void, notice?: string): HTMLElement {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Masuk');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h('h1', null, 'Suara Warga'),
    h('p', { class: 'lead' }, 'Pantauan aduan warga di media sosial Pemerintah Kabupaten.'),
    notice ? h('p', { class: 'notice' }, notice) : null,
    field('Nama pengguna', username),
    field('Kata sandi', password),
    error,
    button,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.hidden = true;
    if (!username.value.trim() || !password.value) {
      error.textContent = 'Isi nama pengguna dan kata sandi.';
      error.hidden = false;
      return;
    }
    button.disabled = true;
    button.textContent = 'Memeriksa…';
    auth
      .login(username.value.trim(), password.value)
      .then((s) => onLoggedIn(s.user))
      .catch((e: unknown) => {
        error.textContent =
          e instanceof ApiError && e.status === 401
            ? 'Nama pengguna atau kata sandi salah.'
            : e instanceof ApiError
              ? e.userMessage
              : 'Gagal masuk. Coba lagi.';
        error.hidden = false;
        password.value = '';
        password.focus();
      })
      .finally(() => {
        button.disabled = false;
        button.textContent = 'Masuk';
      });
  });
  window.setTimeout(() => username.focus(), 0);
  return h('main', { class: 'login-page', id: 'main' }, form);
}
