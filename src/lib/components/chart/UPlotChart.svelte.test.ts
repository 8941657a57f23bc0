import { flushSync, mount, unmount } from 'svelte';
import type uPlot from 'uplot';
import { afterEach, describe, expect, it } from 'vitest';
import { channelChartOptions } from './chart-options';
import UPlotChart from './UPlotChart.svelte';

const options = channelChartOptions({
	name: 'flow',
	unit: 'l/min',
	colour: '#0072b2',
	windowMs: 10_000,
	dark: false
});

function data(rows: number): uPlot.AlignedData {
	return [
		Float64Array.from({ length: rows }, (_, i) => 1_700_000_000_000 + i * 10),
		Array.from({ length: rows }, (_, i) => Math.sin(i / 10))
	];
}

let target: HTMLDivElement;
afterEach(() => target?.remove());

function host(widthPx: number): HTMLDivElement {
	target = document.createElement('div');
	target.style.width = `${widthPx}px`;
	document.body.append(target);
	return target;
}

describe('UPlotChart', () => {
	it('creates one canvas, takes new data through setData and cleans up on unmount', async () => {
		const props = $state({ options, data: data(50), label: 'Flow chart' });
		const component = mount(UPlotChart, { target: host(600), props });
		flushSync();
		const chart = target.querySelector('[role="img"]')!;
		expect(chart.getAttribute('aria-label')).toBe('Flow chart');
		expect(target.querySelectorAll('canvas')).toHaveLength(1);
		expect(chart.getAttribute('data-rows')).toBe('50');
		const canvas = target.querySelector('canvas');

		props.data = data(321);
		flushSync();
		// New data is drawn in a task of its own (draw-queue.ts), not synchronously.
		await expect.poll(() => chart.getAttribute('data-rows')).toBe('321');
		expect(target.querySelector('canvas')).toBe(canvas); // same chart: data does not recreate it

		unmount(component);
		expect(target.querySelectorAll('canvas')).toHaveLength(0);
	});

	it('recreates the chart only for new options', () => {
		const props = $state({ options, data: data(10), label: 'Flow chart' });
		const component = mount(UPlotChart, { target: host(400), props });
		flushSync();
		const first = target.querySelector('canvas');
		props.options = channelChartOptions({
			name: 'flow',
			unit: 'l/min',
			colour: '#d55e00',
			windowMs: 60_000,
			dark: true
		});
		flushSync();
		expect(target.querySelectorAll('canvas')).toHaveLength(1);
		expect(target.querySelector('canvas')).not.toBe(first);
		unmount(component);
	});

	it('follows its container width and reports the plot width', async () => {
		const widths: number[] = [];
		const component = mount(UPlotChart, {
			target: host(500),
			props: {
				options,
				data: data(10),
				label: 'Flow chart',
				onplotwidth: (px: number) => widths.push(px)
			}
		});
		flushSync();
		expect(widths.length).toBeGreaterThan(0);
		const initial = widths.at(-1)!;
		expect(initial).toBeGreaterThan(300);
		expect(initial).toBeLessThan(500);
		target.style.width = '900px';
		await expect.poll(() => widths.at(-1)!).toBeGreaterThan(initial + 300);
		expect(target.querySelector('canvas')!.getBoundingClientRect().width).toBeGreaterThan(800);
		unmount(component);
	});

	it('draws several charts in separate tasks, each with only its newest data', async () => {
		const rowsSeen: string[][] = [];
		const charts = [0, 1, 2].map(() => {
			const props = $state({ options, data: data(5), label: 'chart' });
			mount(UPlotChart, { target: host(300), props });
			return props;
		});
		flushSync();
		const elements = [...document.querySelectorAll('[role="img"][aria-label="chart"]')];
		// Record what each task sees: between two tasks exactly one more chart has drawn.
		const channel = new MessageChannel();
		let probing = true;
		channel.port1.onmessage = () => {
			rowsSeen.push(elements.map((e) => e.getAttribute('data-rows')!));
			if (probing) channel.port2.postMessage(null);
		};
		for (const props of charts) props.data = data(7);
		for (const props of charts) props.data = data(9); // supersedes 7 before any draw
		flushSync();
		channel.port2.postMessage(null);
		await expect
			.poll(() => elements.map((e) => e.getAttribute('data-rows')))
			.toEqual(['9', '9', '9']);
		probing = false;
		expect(rowsSeen.some((seen) => seen.filter((rows) => rows === '9').length === 1)).toBe(true);
		expect(rowsSeen.flat()).not.toContain('7');
		document.querySelectorAll('[aria-label="chart"]').forEach((e) => e.parentElement?.remove());
	});
});
