import { flushSync, mount, unmount } from 'svelte';
import { expect, it } from 'vitest';
import { LiveDetection } from '$lib/state/live-detection.svelte';
import { LiveStream } from '$lib/state/live-stream.svelte';
import { Models } from '$lib/state/models.svelte';
import DetectionPanel from './DetectionPanel.svelte';

// Real component, real Models store on a fresh (empty) IndexedDB database. Scoring itself is
// tested in state/live-detection.svelte.test.ts.
it('offers no start without a model and says where to train one', async () => {
	const db = `detection-panel-${Date.now()}-${Math.random()}`;
	const models = new Models(db);
	const detection = new LiveDetection({ stream: new LiveStream(), models });
	const target = document.body.appendChild(document.createElement('div'));
	const panel = mount(DetectionPanel, { target, props: { detection, models } });
	try {
		await expect.poll(() => target.textContent).toContain('No models yet');
		flushSync();
		const button = [...target.querySelectorAll('button')].find((b) =>
			b.textContent?.includes('Start detection')
		);
		expect(button?.disabled).toBe(true);
	} finally {
		unmount(panel);
		target.remove();
		indexedDB.deleteDatabase(db);
	}
});
