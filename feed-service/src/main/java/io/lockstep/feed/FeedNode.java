package io.lockstep.feed;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.config.FeedConfig;
import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.feed.FeedLog;
import io.lockstep.feed.publish.Publisher;
import io.vertx.core.Vertx;

/** What every part of the feed service on this node shares. */
public record FeedNode(
    Vertx vertx,
    FeedConfig config,
    FeedLog log,
    Broker broker,
    TokenVerifier tokens,
    FeedMetrics metrics,
    Publisher publisher,
    OpenStreams streams) {}
