// Calls the hub's own API with the signed-in user's token; failures carry the problem+json detail.
import { token } from './auth.js';

export const BASE = '/events/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json, application/cloudevents-batch+json' };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path.startsWith('/') && !path.startsWith(BASE) && !path.startsWith('/prometheus') ? BASE + path : path,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (raw) return response;
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** A list answered either as a bare array or, as Altinn does, as an object holding it (e.g. {count, subscriptions}). */
export function listOf(answer, key) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer[key])) return answer[key];
  return [];
}

/** Escapes text for HTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Marks an element as showing its data: data-loaded names what, data-loaded-at says when (performance.now()). */
export function markLoaded(element, what) {
  element.dataset.loadedAt = String(Math.round(performance.now()));
  element.dataset.loaded = what;
}

export function say(message, isError = false) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

/** Runs an action and shows its failure in the status line. */
export async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    const fields = e.problem?.errors?.map(f => `${f.field}: ${f.message}`).join('; ');
    say(`${e.message}${fields ? ` (${fields})` : ''}`, true);
    return undefined;
  }
}
