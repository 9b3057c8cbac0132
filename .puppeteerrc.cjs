// Puppeteer's own browser download cannot work offline; precept finds a system browser itself
// (see src/render-pdf/browser.ts).
module.exports = { skipDownload: true };
