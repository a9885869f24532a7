/** Every test file's setup: builds use the suite's Chromium (chromium-server.ts), if it runs. */
import { inject } from 'vitest';

const endpoint = inject('chromiumWs');
if (endpoint) process.env['INKSTONE_CHROMIUM_WS'] = endpoint;
