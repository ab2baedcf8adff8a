package io.lockstep.presence;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.service.LiveConnections;
import io.lockstep.presence.bus.ChangePublisher;
import io.vertx.core.Vertx;

/**
 * What every part of the presence service on this node shares: configuration, engines, token
 * verification, meters, the event-bus publisher of changes, connection ids and the open connections.
 * Thread-safe.
 */
public record PresenceNode(
    Vertx vertx,
    LockstepConfig config,
    PresenceStore store,
    Broker broker,
    TokenVerifier tokens,
    PresenceMetrics metrics,
    ChangePublisher changes,
    ConnIds connIds,
    LiveConnections connections) {}
