/**
 * The part of a WebSocket the source uses, so the browser's `WebSocket` and the `ws` package's
 * (Node tests, benchmarks) both fit. Events are `unknown` and read defensively: `data` on a
 * message, `code` and `reason` on a close.
 */
export interface WebSocketLike {
	binaryType: string;
	/** 0 connecting, 1 open, 2 closing, 3 closed. */
	readonly readyState: number;
	addEventListener(
		type: 'open' | 'message' | 'close' | 'error',
		listener: (event: unknown) => void
	): void;
	send(data: string): void;
	close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const WEBSOCKET_OPEN = 1;

/** Plain words for a close code, with the server's reason when it gave one. */
export function describeClose(code: number, reason: string): string {
	const said = reason ? `: “${reason}”` : '';
	const words = CLOSE_WORDS[code] ?? 'the connection closed';
	return `${words} (code ${code})${said}`;
}

const CLOSE_WORDS: Record<number, string> = {
	1000: 'the server closed the connection',
	1001: 'the server is going away',
	1002: 'the server reported a protocol error',
	1003: 'the server does not accept this kind of data',
	1005: 'the connection closed without a status',
	1006: 'connection refused or lost',
	1007: 'the server received malformed text',
	1008: 'the server refused the connection (policy)',
	1009: 'a message was too big for the server',
	1011: 'the server hit an internal error',
	1012: 'the server is restarting',
	1013: 'the server is overloaded: try again later',
	1015: 'the secure (TLS) handshake failed'
};

/**
 * A URL the browser's WebSocket accepts, normalised, or what is wrong with it in words a user
 * can act on.
 */
export function checkWebSocketUrl(
	input: string
): { ok: true; url: string } | { ok: false; reason: string } {
	const text = input.trim();
	if (text === '')
		return { ok: false, reason: 'enter a WebSocket URL such as ws://192.168.1.20:81' };
	if (!text.includes('://')) {
		// `192.168.1.20:81` or `localhost:8080`: the scheme left out (the second even parses).
		return { ok: false, reason: `“${text}” needs ws:// (or wss://) in front: ws://${text}` };
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: `“${text}” is not a URL: write it like ws://192.168.1.20:81/` };
	}
	if (url.protocol === 'http:' || url.protocol === 'https:') {
		const scheme = url.protocol === 'https:' ? 'wss' : 'ws';
		return {
			ok: false,
			reason: `“${text}” is a web page address: a WebSocket URL starts with ${scheme}://`
		};
	}
	if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
		return {
			ok: false,
			reason: `“${text}” must start with ws:// or wss://, not ${url.protocol}//`
		};
	}
	if (url.hash) return { ok: false, reason: `a WebSocket URL cannot have a #fragment: “${text}”` };
	if (!url.hostname) return { ok: false, reason: `“${text}” has no host name` };
	return { ok: true, url: url.href };
}
