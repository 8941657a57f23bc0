import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';

// The simulator streams on the Live page, so a first visit sees data moving at once.
export function load() {
	redirect(307, resolve('/live'));
}
