package io.lockstep.presence.rooms;

import io.lockstep.common.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The presence service's meters, served at {@code /metrics}: connections, local members, rooms served,
 * frames pushed, leaves announced by cause, reconciliations and re-joins, errors by code. Thread-safe.
 */
public final class PresenceMetrics {
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger members = new AtomicInteger();
  private final AtomicInteger rooms = new AtomicInteger();
  private final Counter framesPushed;
  private final Counter listings;
  private final Counter rejoins;
  private final Counter slowConsumers;
  private final Map<LeaveCause, Counter> leaves = new EnumMap<>(LeaveCause.class);
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);

  public PresenceMetrics(MeterRegistry registry) {
    registry.gauge("lockstep_presence_connections", connections);
    registry.gauge("lockstep_presence_members", members);
    registry.gauge("lockstep_presence_rooms", rooms);
    framesPushed = Counter.builder("lockstep_presence_frames_pushed")
        .description("presence frames written to clients").register(registry);
    listings = Counter.builder("lockstep_presence_listings")
        .description("rooms re-read from the store because a change was lost or the room was reborn").register(registry);
    rejoins = Counter.builder("lockstep_presence_rejoins")
        .description("live members found missing from the store and joined again").register(registry);
    slowConsumers = Counter.builder("lockstep_presence_slow_consumers_closed")
        .description("connections closed for not reading").register(registry);
    for (LeaveCause cause : LeaveCause.values()) {
      leaves.put(cause, Counter.builder("lockstep_presence_leaves").tag("cause", cause.tag())
          .description("leaves announced by this node").register(registry));
    }
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("lockstep_presence_errors").tag("code", code.wire()).register(registry));
    }
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  /** A local member joined ({@code +1}) or left ({@code -1}). */
  public void members(int delta) {
    members.addAndGet(delta);
  }

  /** An event loop started ({@code +1}) or stopped ({@code -1}) serving a room. */
  public void rooms(int delta) {
    rooms.addAndGet(delta);
  }

  public void pushed(int frames) {
    framesPushed.increment(frames);
  }

  public void left(LeaveCause cause, int count) {
    leaves.get(cause).increment(count);
  }

  public void listed() {
    listings.increment();
  }

  public void rejoined() {
    rejoins.increment();
  }

  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  public void error(ErrorCode code) {
    errors.get(code).increment();
  }
}
