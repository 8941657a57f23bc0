/** Whether the OS asks for a dark theme. CSS follows it by itself; charts (canvas) need the value. */
export class Theme {
	dark = $state(false);

	watch(target: Window = window): () => void {
		const query = target.matchMedia('(prefers-color-scheme: dark)');
		this.dark = query.matches;
		const update = (event: MediaQueryListEvent) => (this.dark = event.matches);
		query.addEventListener('change', update);
		return () => query.removeEventListener('change', update);
	}
}

export const theme = new Theme();
