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
	it('creates one canvas, takes new data through setData and cleans up on unmount', () => {
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
		expect(chart.getAttribute('data-rows')).toBe('321');
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
});
