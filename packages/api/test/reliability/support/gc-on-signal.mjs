// Preloaded into a server under test (node --expose-gc --import …/gc-on-signal.mjs): SIGUSR2
// runs a full garbage collection, so a memory sample taken after it measures what the server
// keeps, not how far V8 happened to let garbage pile up before its next major collection.
process.on('SIGUSR2', () => globalThis.gc?.());
