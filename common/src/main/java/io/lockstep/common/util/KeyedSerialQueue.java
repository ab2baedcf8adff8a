package io.lockstep.common.util;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per key, in submission order, without blocking: the
 * per-document queue of a sequencer ({@code submit(doc, () -> processOp(...))}).
 *
 * <ul>
 *   <li>Tasks of one key run strictly one after another: a task starts only after the future of the
 *       previous one completed, and in the order they were submitted.
 *   <li>Tasks of different keys are independent and interleave freely.
 *   <li>A task that fails (failed future, exception thrown, or null returned) fails only its own
 *       result; the next task of the key runs normally.
 *   <li>A task's result completes before the next task of its key starts. Work submitted from a
 *       continuation of that result queues behind the tasks already waiting.
 *   <li>A key holds memory only while it has work: its entry is removed just before its last
 *       task's result completes, so the queue does not grow with the number of keys ever seen and
 *       {@link #activeKeys()} is 0 as soon as all results are in.
 * </ul>
 *
 * <p>Tasks that complete synchronously (already-completed futures) are run in a loop, not by
 * recursion, so long queues of them cannot overflow the stack. A task submitted for an idle key
 * starts within {@code submit}, before it returns.
 *
 * <p><b>Not thread-safe, by design.</b> An instance belongs to one Vert.x context (one verticle): call
 * {@code submit} only on that context, and have tasks return futures that complete on it (what Vert.x
 * clients called from that context do). A task must not wait for another task of its own key: that
 * task runs only after it finishes.
 *
 * @param <K> the key type; needs {@code equals}/{@code hashCode}
 */
public final class KeyedSerialQueue<K> {
  private final Map<K, Lane> lanes = new HashMap<>();

  /**
   * Queues {@code task} behind the tasks already submitted for {@code key}, and starts it at once
   * when there are none. The supplier is called when the task's turn comes (possibly during this
   * call).
   *
   * @return a future completing with the task's outcome once it has run
   */
  public <T> Future<T> submit(K key, Supplier<Future<T>> task) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(task, "task");
    Job<T> job = new Job<>(task);
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
    if (lane.running) {
      lane.waiting.addLast(job);
    } else {
      lane.running = true;
      run(key, lane, job);
    }
    return job.result.future();
  }

  /** Number of keys with queued or running work (0 when idle). */
  public int activeKeys() {
    return lanes.size();
  }

  /** Number of tasks of {@code key} queued or running. */
  public int pending(K key) {
    Lane lane = lanes.get(key);
    return lane == null ? 0 : lane.waiting.size() + (lane.running ? 1 : 0);
  }

  /** Runs {@code job} and the jobs queued behind it, until the key is idle or a job is still running. */
  private void run(K key, Lane lane, Job<?> job) {
    while (job != null) {
      Future<?> outcome = job.start();
      if (!outcome.isComplete()) {
        // Resume when the task finishes; the lane stays "running" meanwhile, so submissions only queue.
        Job<?> running = job;
        outcome.onComplete(ar -> run(key, lane, settle(key, lane, running, ar)));
        return;
      }
      // Completed at once: loop instead of recursing, so long runs of such tasks keep the stack flat.
      job = settle(key, lane, job, outcome);
    }
  }

  /**
   * Completes {@code job}'s result and returns the next job of the key, or null when it has none.
   * An idle key is forgotten before its last result completes, so whoever reacts to that result sees
   * the queue empty, and a task it submits starts at once on a fresh lane.
   */
  private Job<?> settle(K key, Lane lane, Job<?> job, AsyncResult<?> outcome) {
    if (lane.waiting.isEmpty()) {
      lane.running = false;
      lanes.remove(key, lane);
      job.finish(outcome);
      return null;
    }
    job.finish(outcome);
    return lane.waiting.pollFirst();
  }

  /** The queued and running work of one key. */
  private static final class Lane {
    final ArrayDeque<Job<?>> waiting = new ArrayDeque<>();
    boolean running;
  }

  /** One submitted task and the promise of its outcome. */
  private static final class Job<T> {
    final Supplier<Future<T>> task;
    final Promise<T> result = Promise.promise();

    Job(Supplier<Future<T>> task) {
      this.task = task;
    }

    Future<T> start() {
      try {
        Future<T> started = task.get();
        return started != null ? started : Future.failedFuture(new NullPointerException("task returned null"));
      } catch (Throwable e) {
        // Even an Error (say an AssertionError from a bug) must fail only this task: rethrowing would
        // leave the key marked running forever and stall every later task of it.
        return Future.failedFuture(e);
      }
    }

    @SuppressWarnings("unchecked")
    void finish(AsyncResult<?> outcome) {
      if (outcome.succeeded()) {
        result.complete((T) outcome.result());
      } else {
        result.fail(outcome.cause());
      }
    }
  }
}
