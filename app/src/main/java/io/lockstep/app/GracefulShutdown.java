package io.lockstep.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the process cleanly on SIGTERM or SIGINT: a JVM shutdown hook runs
 * {@link RunningLockstep#close()} (stop accepting, stop the services, close Vert.x) and waits for it,
 * at most {@code timeout}.
 *
 * <p>The hook then ends the JVM itself with {@link Runtime#halt}: 0 after a clean stop, 1 when a
 * service failed to stop or the timeout ran out. Without that the JVM would report 143 (killed by
 * SIGTERM) even after a clean stop, and supervisors would log a crash.
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {}

  static void install(RunningLockstep running, Duration timeout) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run(running, timeout), "lockstep-shutdown"));
  }

  private static void run(RunningLockstep running, Duration timeout) {
    LOG.info("Shutting down: no new connections; stopping {}", running.services());
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean clean = new AtomicBoolean();
    running.close().onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("Shutdown was not clean", ar.cause());
      }
      clean.set(ar.succeeded());
      done.countDown();
    });
    boolean finished;
    try {
      // Waiting is the point of a shutdown hook: the JVM exits as soon as the hook returns.
      // This thread is no event loop, so blocking it stalls nothing.
      finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      LOG.error("Shutdown did not finish within {} s; exiting anyway", timeout.toSeconds());
    } else if (clean.get()) {
      LOG.info("Stopped");
    }
    Runtime.getRuntime().halt(finished && clean.get() ? 0 : 1);
  }
}
