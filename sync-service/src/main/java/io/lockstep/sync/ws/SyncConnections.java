package io.lockstep.sync.ws;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.Limits;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.edge.ws.LoopFlusher;
import io.lockstep.edge.ws.UpgradeGate;
import io.lockstep.sync.fanout.DocFanouts;
import io.lockstep.sync.metrics.SyncMetrics;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * What the {@code /sync} connections of one event loop share, and how one is assembled from it:
 * each {@link SyncConnection}'s handlers take only their part. Create and use on that loop.
 */
public final class SyncConnections {
  private final Limits limits;
  private final HelloHandler.Welcome welcome;
  private final int helloTimeoutMs;
  private final TokenVerifier tokens;
  private final Sequencer sequencer;
  private final SnapshotHistory history;
  private final DocFanouts fanouts;
  private final SyncMetrics metrics;
  private final LiveConnections connections;
  private final LoopFlusher flusher;

  /**
   * @param nodeId and {@code heartbeatMs}: what {@code welcome} tells clients
   * @param helloTimeoutMs how long a socket may go without an accepted {@code hello} (auth on)
   * @param connections every live connection of the node, for a graceful stop
   */
  public SyncConnections(Limits limits, String nodeId, int heartbeatMs, int helloTimeoutMs, TokenVerifier tokens, Sequencer sequencer,
      SnapshotHistory history, DocFanouts fanouts, SyncMetrics metrics, LiveConnections connections) {
    this.limits = limits;
    this.welcome = new HelloHandler.Welcome(nodeId, heartbeatMs);
    this.helloTimeoutMs = helloTimeoutMs;
    this.tokens = tokens;
    this.sequencer = sequencer;
    this.history = history;
    this.fanouts = fanouts;
    this.metrics = metrics;
    this.connections = connections;
    this.flusher = new LoopFlusher(Vertx.currentContext());
  }

  /**
   * Upgrades a {@code GET /sync} request through {@code gate} (Origin, shutdown) and takes the socket
   * as a connection of this loop.
   */
  public void upgrade(RoutingContext ctx, UpgradeGate gate) {
    gate.upgrade(ctx, (ws, wire) -> new SyncConnection(ws, wire, Vertx.currentContext(), this), SyncConnection::start);
  }

  Limits limits() {
    return limits;
  }

  int helloTimeoutMs() {
    return helloTimeoutMs;
  }

  HelloHandler.Welcome welcome() {
    return welcome;
  }

  TokenVerifier tokens() {
    return tokens;
  }

  Sequencer sequencer() {
    return sequencer;
  }

  SnapshotHistory history() {
    return history;
  }

  DocFanouts fanouts() {
    return fanouts;
  }

  SyncMetrics metrics() {
    return metrics;
  }

  LiveConnections connections() {
    return connections;
  }

  LoopFlusher flusher() {
    return flusher;
  }
}
