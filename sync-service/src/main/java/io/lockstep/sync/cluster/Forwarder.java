package io.lockstep.sync.cluster;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.bus.BusErrors;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.sync.sequencer.RoutedCall;
import io.lockstep.sync.sequencer.Routing;
import io.lockstep.sync.sequencer.Sequencer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each sequencer call to its document's owner: runs it here when this node owns the document,
 * and otherwise sends it over the event bus to the owner's private address ({@link OwnerEndpoint}),
 * request/reply with a timeout. The owner's answer comes back as the result, or as a
 * {@link LockstepException} with the code the owner failed with.
 *
 * <p>When the owner does not answer (no consumer: it is stopping or gone; timeout or transport error:
 * it died and the cluster has not noticed yet) the owner is reported to {@link Ownership} — which
 * takes it out of the ring at once — and the call is routed again after a short backoff, at most
 * {@value #MAX_ATTEMPTS} times in all; then it is sequenced here. Either way the store's atomic
 * version check keeps the document correct while two nodes may sequence it: a stale owner's commit
 * fails, it reads the missing ops and retries.
 *
 * <p>Exception: a commit without {@code src} that may have reached the owner (timeout, transport
 * error) is not sent again, since nothing would de-duplicate it; it fails with {@code unavailable}
 * ("may or may not have been committed"), as a failed store commit does.
 *
 * <p>Reads (snapshot, version, ops) are hedged: a sequencer catches up with the store before it
 * answers one, so any node answers it correctly. When the owner has not answered within
 * {@value #READ_HEDGE_MS} ms — typically it was just killed, and the request waits out the timeout
 * because the event bus drops messages to a node it cannot connect to — the read runs here too and
 * the first answer wins. An owner that let a read wait that long is taken as slow until it answers
 * a call again: later reads to it run here at once too, so a resubscription, which reads twice in a
 * row (the fan-out's starting version, then the catch-up ops), waits {@value #READ_HEDGE_MS} ms once,
 * not twice. A subscriber whose node died then resubscribes elsewhere within about half a second
 * instead of {@value #TIMEOUT_MS} ms (issue 14: a subscriber within 2 s of a committed op).
 */
public final class Forwarder implements Routing {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /** How long the owner gets to answer one forwarded call. */
  static final long TIMEOUT_MS = 3_000;
  static final int MAX_ATTEMPTS = 4;
  static final long FIRST_BACKOFF_MS = 25;
  /** How long a forwarded read waits for the owner before it is also run here. */
  static final long READ_HEDGE_MS = 500;

  private final Vertx vertx;
  private final Ownership ownership;
  private final Sequencer here;
  private final ClusterMetrics metrics;
  private final DeliveryOptions options;
  /** Owners that left a read unanswered for {@link #READ_HEDGE_MS} and have not answered since. */
  private final Set<String> slowOwners = ConcurrentHashMap.newKeySet();

  /**
   * @param here this node's own sequencers, for documents it owns and for fallbacks
   */
  public Forwarder(Vertx vertx, Ownership ownership, Sequencer here, ClusterMetrics metrics) {
    this.vertx = vertx;
    this.ownership = ownership;
    this.here = here;
    this.metrics = metrics;
    this.options = new DeliveryOptions().setCodecName(ClusterCodecs.CALL.name()).setSendTimeout(TIMEOUT_MS);
    // A member that left (or was taken out as unreachable and answers its probe again) starts afresh.
    ownership.onChange(() -> slowOwners.retainAll(ownership.members()));
  }

  @Override
  public <T> Future<T> route(RoutedCall<T> call) {
    return attempt(call, 1);
  }

  private <T> Future<T> attempt(RoutedCall<T> call, int attempt) {
    String owner = ownership.ownerOf(call.doc());
    if (owner == null || owner.equals(ownership.self())) {
      return call.runOn(here);
    }
    metrics.forwarded();
    Future<T> answered = vertx.eventBus().<T>request(Addresses.syncOwner(owner), call, options).map(Message::body);
    answered.onSuccess(body -> slowOwners.remove(owner));
    Future<T> forwarded = answered.recover(failure -> unanswered(call, attempt, owner, failure));
    return call instanceof RoutedCall.Submit ? forwarded : hedged(call, owner, forwarded);
  }

  /** The owner's answer, or this node's own if the owner is slow and that comes first. */
  private <T> Future<T> hedged(RoutedCall<T> call, String owner, Future<T> forwarded) {
    Promise<T> first = Promise.promise();
    Runnable runHere = () -> {
      if (!first.future().isComplete()) {
        slowOwners.add(owner);
        metrics.hedgedRead();
        call.runOn(here).onSuccess(first::tryComplete);
      }
    };
    long timer = -1;
    if (slowOwners.contains(owner)) {
      runHere.run();
    } else {
      timer = vertx.setTimer(READ_HEDGE_MS, id -> runHere.run());
    }
    long hedge = timer;
    forwarded.onComplete(ar -> {
      vertx.cancelTimer(hedge);
      if (ar.succeeded()) {
        first.tryComplete(ar.result());
      } else {
        first.tryFail(ar.cause());
      }
    });
    return first.future();
  }

  private <T> Future<T> unanswered(RoutedCall<T> call, int attempt, String owner, Throwable failure) {
    if (!BusErrors.unanswered(failure)) {
      return Future.failedFuture(BusErrors.fromReply(failure));
    }
    ownership.unreachable(owner);
    boolean mayHaveRun = ((ReplyException) failure).failureType() != ReplyFailure.NO_HANDLERS;
    if (mayHaveRun && !call.repeatable()) {
      return Future.failedFuture(new LockstepException(ErrorCode.UNAVAILABLE,
          "the document's sequencer did not answer; the op may or may not have been committed"));
    }
    if (attempt >= MAX_ATTEMPTS) {
      // The ring should have moved on by now; sequence here rather than fail the call.
      metrics.fellBack();
      LOG.warn("owner {} of {} did not answer {} forwards; sequencing here", owner, call.doc(), attempt);
      return call.runOn(here);
    }
    metrics.retried();
    long backoff = FIRST_BACKOFF_MS << (attempt - 1);
    return vertx.timer(backoff).compose(t -> attempt(call, attempt + 1));
  }
}
