import type { HandleClientError } from '@sveltejs/kit';
import { problems } from '$lib/state/problems.svelte';

/** Errors thrown while loading or rendering a page: shown to the user, with an id to match reports. */
export const handleError: HandleClientError = ({ error, message, status }) => {
	if (status === 404) return { message };
	const problem = problems.report(error, 'Page');
	return { message: problem.message, errorId: String(problem.id) };
};
