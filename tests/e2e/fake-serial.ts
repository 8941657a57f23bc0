/**
 * A fake `navigator.serial` for end-to-end tests, installed with `page.addInitScript` before the
 * app loads. It replaces only the operating system's port: the device behind it writes Arduino
 * Serial Plotter lines (`temp:21.50,hum:40.00`) at `rateHz` into a real `ReadableStream`, and the
 * test can pull the cable (`unplug`) and plug it back in (`plugIn`) through `window.fakeSerial`.
 * The function must be self-contained: Playwright sends its source text to the page.
 */
export function installFakeSerial({ rateHz }: { rateHz: number }): void {
	const info = { usbVendorId: 0x2341, usbProductId: 0x0043 };

	class FakePort extends EventTarget {
		readable: ReadableStream<Uint8Array> | null = null;
		writable: WritableStream<Uint8Array> | null = null;
		controller: ReadableStreamDefaultController<Uint8Array> | undefined;
		timer: ReturnType<typeof setInterval> | undefined;
		sample = 0;
		written: string[] = [];
		getInfo() {
			return { ...info };
		}
		async open(options: { baudRate: number }) {
			if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
			if (!options.baudRate) throw new TypeError('baudRate is required');
			this.readable = new ReadableStream<Uint8Array>({
				start: (controller) => void (this.controller = controller)
			});
			const decoder = new TextDecoder();
			this.writable = new WritableStream<Uint8Array>({
				write: (chunk) => void this.written.push(decoder.decode(chunk))
			});
			const encoder = new TextEncoder();
			const startMs = performance.now();
			this.timer = setInterval(() => {
				const due = Math.floor(((performance.now() - startMs) * rateHz) / 1000);
				let text = '';
				for (; this.sample < due; this.sample++) {
					const temp = 21 + Math.sin(this.sample / 50);
					text += `temp:${temp.toFixed(2)},hum:${(40 + (this.sample % 7)).toFixed(2)}\r\n`;
				}
				if (text) this.controller?.enqueue(encoder.encode(text));
			}, 20);
		}
		async close() {
			clearInterval(this.timer);
			await this.readable?.cancel().catch(() => {});
			this.readable = null;
			this.writable = null;
		}
		async setSignals() {}
		pull() {
			clearInterval(this.timer);
			this.controller?.error(new DOMException('The device has been lost.', 'NetworkError'));
			this.readable = null;
			this.writable = null;
			this.dispatchEvent(new Event('disconnect'));
		}
	}

	class FakeSerial extends EventTarget {
		ports: FakePort[] = [];
		async getPorts() {
			return [...this.ports];
		}
		async requestPort() {
			const port = new FakePort();
			this.ports.push(port);
			return port;
		}
	}

	const serial = new FakeSerial();
	Object.defineProperty(Navigator.prototype, 'serial', { get: () => serial, configurable: true });
	Object.assign(window, {
		fakeSerial: {
			unplug() {
				const port = serial.ports.pop();
				port?.pull();
			},
			plugIn() {
				serial.ports.push(new FakePort());
				serial.dispatchEvent(new Event('connect'));
			},
			written: () => serial.ports.flatMap((port) => port.written)
		}
	});
}
