/**
 * Test data for the Data area's db tests (Node and Chromium): generated here, never SKAB's.
 * Not a test file itself (no `.test.`), so Vitest does not run it.
 */
/**
 * A CSV with every problem the validator knows: rows out of order (`outOfOrder`), repeated
 * timestamps, one gap, missing values in short and long runs, a constant channel. 10 ms clock.
 */
export function messyCsv(rows: number, { outOfOrder = true } = {}): string {
	const lines = ['timestamp,flow,pressure,flat,anomaly'];
	const times: number[] = [];
	let t = Date.UTC(2026, 0, 1);
	for (let i = 0; i < rows; i++) {
		t += i % 97 === 5 ? 0 : i === 300 ? 5_000 : 10;
		times.push(t);
	}
	if (outOfOrder)
		for (let i = 50; i + 1 < rows; i += 400) [times[i], times[i + 1]] = [times[i + 1]!, times[i]!];
	for (let i = 0; i < rows; i++) {
		const flow = i % 50 === 7 || i % 50 === 8 ? '' : (30 + Math.sin(i / 10)).toFixed(3);
		const pressure = i >= 200 && i < 230 ? 'NaN' : (2 + i / 1000).toFixed(4);
		lines.push(
			`${new Date(times[i]!).toISOString()},${flow},${pressure},7,${i % 100 === 0 ? 1 : 0}`
		);
	}
	return lines.join('\n') + '\n';
}

/** A text as a stream in small pieces, as a File's stream arrives. */
export function pieces(text: string, size = 4096): ReadableStream<string> {
	let offset = 0;
	return new ReadableStream<string>({
		pull(controller) {
			if (offset >= text.length) return controller.close();
			controller.enqueue(text.slice(offset, (offset += size)));
		}
	});
}
