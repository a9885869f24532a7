// Inkstone drives the system's Chromium (or PUPPETEER_EXECUTABLE_PATH); never download one at install time.
module.exports = { skipDownload: true };
