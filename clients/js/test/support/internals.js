// SDK pieces the tests reach below the public API, in one place.
export { memoryStorage, MemoryPendingStore } from '../../src/index.js';
export { Identity } from '../../src/identity.js';
