// @ts-check
/**
 * `npm test` needs Debian's Chromium at /usr/bin/chromium (Playwright never downloads a browser
 * here). Installs it with apt-get when it is missing, as root or through sudo; otherwise explains.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../tests/chromium.js';

if (existsSync(CHROMIUM_PATH)) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasSudo = (() => {
	try {
		execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
})();
if (!isRoot && !hasSudo) {
	console.error(
		`Chromium is missing at ${CHROMIUM_PATH} and this user cannot install it.\n` +
			'Install it with: sudo apt-get update && sudo apt-get install -y chromium\n' +
			'(or point CHROMIUM_PATH at another Chromium binary).'
	);
	process.exit(1);
}
console.log(`Chromium is missing at ${CHROMIUM_PATH}: installing Debian's chromium with apt-get…`);
const apt = (/** @type {string[]} */ args) =>
	execFileSync(isRoot ? 'apt-get' : 'sudo', isRoot ? args : ['apt-get', ...args], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
apt(['update', '-qq']);
apt(['install', '-y', '-qq', 'chromium']);
if (!existsSync(CHROMIUM_PATH)) {
	console.error(`apt-get finished but ${CHROMIUM_PATH} still does not exist.`);
	process.exit(1);
}
