package io.lockstep.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test drives the queue from one context, as its owner would. */
@ExtendWith(VertxExtension.class)
class KeyedSerialQueueTest {
  private Context context;
  private KeyedSerialQueue<String> queue;

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
    queue = new KeyedSerialQueue<>();
  }

  @Test
  void tasksOfOneKeyRunOneAtATimeInSubmissionOrder(VertxTestContext test) {
    List<Integer> started = new ArrayList<>();
    int[] running = {0};
    onContext(() -> {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        results.add(queue.submit("doc", () -> {
          test.verify(() -> assertThat(running[0]).as("tasks running at once").isZero());
          running[0]++;
          started.add(n);
          return later(() -> {
            running[0]--;
            return n;
          });
        }));
      }
      return Future.all(results).map(all -> {
        test.verify(() -> {
          assertThat(started).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
          assertThat(all.<Integer>list()).containsExactlyElementsOf(started);
          assertThat(queue.activeKeys()).isZero();
        });
        return all;
      });
    }, test);
  }

  @Test
  void tasksOfDifferentKeysRunIndependently(VertxTestContext test) {
    Promise<String> slow = Promise.promise();
    onContext(() -> {
      Future<String> a = queue.submit("a", slow::future);
      Future<String> queuedBehindA = queue.submit("a", () -> Future.succeededFuture("a2"));
      return queue.submit("b", () -> later(() -> "b")).map(b -> {
        test.verify(() -> {
          assertThat(a.isComplete()).as("a still running while b finished").isFalse();
          assertThat(queuedBehindA.isComplete()).isFalse();
          assertThat(queue.pending("a")).isEqualTo(2);
          assertThat(queue.pending("b")).isZero();
        });
        slow.complete("a1");
        return b;
      }).compose(b -> Future.all(a, queuedBehindA)).map(all -> {
        test.verify(() -> assertThat(all.<String>list()).containsExactly("a1", "a2"));
        return all;
      });
    }, test);
  }

  @Test
  void failedTaskDoesNotBlockTheNextOne(VertxTestContext test) {
    onContext(() -> {
      Future<String> failed = queue.submit("k", () -> later(() -> {
        throw new IllegalStateException("task failed");
      }));
      Future<String> threw = queue.submit("k", () -> {
        throw new IllegalArgumentException("task threw");
      });
      Future<String> nothing = queue.submit("k", () -> null);
      Future<String> assertion = queue.submit("k", () -> {
        throw new AssertionError("bug");
      });
      Future<String> fine = queue.submit("k", () -> later(() -> "fine"));
      return Future.join(failed, threw, nothing, assertion, fine).transform(ar -> {
        test.verify(() -> {
          assertThat(failed.cause()).hasMessage("task failed");
          assertThat(threw.cause()).hasMessage("task threw");
          assertThat(nothing.cause()).isInstanceOf(NullPointerException.class);
          assertThat(assertion.cause()).isInstanceOf(AssertionError.class);
          assertThat(fine.result()).isEqualTo("fine");
          assertThat(queue.activeKeys()).isZero();
        });
        return Future.succeededFuture();
      });
    }, test);
  }

  @Test
  void resultCompletesBeforeTheNextTaskOfItsKeyStarts(VertxTestContext test) {
    List<String> events = new ArrayList<>();
    onContext(() -> {
      Future<String> first = queue.submit("k", () -> later(() -> "first"));
      first.onSuccess(r -> events.add("first result"));
      Future<String> second = queue.submit("k", () -> {
        events.add("second started");
        return Future.succeededFuture("second");
      });
      return second.map(r -> {
        test.verify(() -> assertThat(events).containsExactly("first result", "second started"));
        return r;
      });
    }, test);
  }

  @Test
  void workSubmittedFromAResultRunsAfterTheWorkAlreadyQueued(VertxTestContext test) {
    List<String> ran = new ArrayList<>();
    onContext(() -> {
      Promise<String> third = Promise.promise();
      queue.submit("k", () -> run(ran, "first")).onSuccess(r ->
          queue.submit("k", () -> run(ran, "third")).onComplete(third));
      queue.submit("k", () -> run(ran, "second"));
      return third.future().map(r -> {
        test.verify(() -> assertThat(ran).containsExactly("first", "second", "third"));
        return r;
      });
    }, test);
  }

  @Test
  void tenThousandTasksOverAHundredKeysKeepPerKeyOrderAndLeaveNothingBehind(VertxTestContext test) {
    int keys = 100;
    int tasks = 10_000;
    Map<String, List<Integer>> order = new HashMap<>();
    Map<String, Integer> running = new HashMap<>();
    onContext(() -> {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        String key = "doc-" + (i % keys);
        results.add(queue.submit(key, () -> {
          test.verify(() -> assertThat(running.getOrDefault(key, 0)).isZero());
          running.put(key, 1);
          order.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
          // A mix of tasks that finish at once and tasks that finish on a later turn of the loop.
          Supplier<Integer> finish = () -> {
            running.put(key, 0);
            return n;
          };
          return n % 3 == 0 ? Future.succeededFuture(finish.get()) : later(finish);
        }));
      }
      test.verify(() -> assertThat(queue.activeKeys()).isEqualTo(keys));
      return Future.all(results).map(all -> {
        test.verify(() -> {
          assertThat(all.<Integer>list()).containsExactlyElementsOf(IntStream.range(0, tasks).boxed().toList());
          assertThat(order).hasSize(keys);
          order.forEach((key, ns) -> assertThat(ns).hasSize(tasks / keys).isSorted());
          assertThat(queue.activeKeys()).isZero();
        });
        return all;
      });
    }, test);
  }

  @Test
  void longRunsOfTasksThatCompleteAtOnceDoNotGrowTheStack(VertxTestContext test) {
    int tasks = 100_000;
    Promise<Void> gate = Promise.promise();
    int[] done = {0};
    onContext(() -> {
      queue.submit("k", gate::future);
      Future<Integer> last = null;
      for (int i = 0; i < tasks; i++) {
        int n = i;
        last = queue.submit("k", () -> {
          done[0]++;
          return Future.succeededFuture(n);
        });
      }
      gate.complete();
      return last.map(n -> {
        test.verify(() -> {
          assertThat(n).isEqualTo(tasks - 1);
          assertThat(done[0]).isEqualTo(tasks);
          assertThat(queue.activeKeys()).isZero();
        });
        return n;
      });
    }, test);
  }

  @Test
  void idleKeyIsForgotten(VertxTestContext test) {
    onContext(() -> queue.submit("k", () -> later(() -> "x")).map(x -> {
      test.verify(() -> {
        assertThat(queue.activeKeys()).isZero();
        assertThat(queue.pending("k")).isZero();
      });
      return x;
    }), test);
  }

  /** Runs {@code body} on the test's context and completes the test when its future succeeds. */
  private void onContext(Supplier<Future<?>> body, VertxTestContext test) {
    context.runOnContext(ignored -> body.get().onComplete(test.succeedingThenComplete()));
  }

  /** A future completed with {@code value} on a later turn of the context's loop (or failed if it throws). */
  private <T> Future<T> later(Supplier<T> value) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(ignored -> {
      try {
        promise.complete(value.get());
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private Future<String> run(List<String> ran, String name) {
    return later(() -> {
      ran.add(name);
      return name;
    });
  }
}
