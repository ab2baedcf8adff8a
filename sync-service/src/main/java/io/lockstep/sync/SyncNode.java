package io.lockstep.sync;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.ops.OpStore;
import io.lockstep.edge.service.LiveConnections;
import io.lockstep.sync.sequencer.Sequencers;
import io.vertx.core.Vertx;

/**
 * What every part of the sync-service on this node shares: configuration, engines, sequencers,
 * token verification, meters, and the live connections (for shutdown). Thread-safe.
 */
public record SyncNode(
    Vertx vertx,
    LockstepConfig config,
    OpStore store,
    Broker broker,
    Sequencers sequencers,
    TokenVerifier tokens,
    SyncMetrics metrics,
    LiveConnections connections) {}
