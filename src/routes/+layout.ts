// A static SPA: nothing renders on a server, and adapter-static's fallback page serves every route.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
