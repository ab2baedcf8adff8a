package io.lockstep.sync.sharedb;

/**
 * What the ShareDB connections of one event loop share: the backend (with that loop's document
 * feeds), the presence channels and the op encoder. Touched only on that loop.
 */
record ShareDbLoop(ShareDbBackend backend, PresenceHub presence, OpMessages opMessages) {

  static ShareDbLoop create(ShareDbBackend backend) {
    return new ShareDbLoop(backend, new PresenceHub(backend), new OpMessages());
  }
}
