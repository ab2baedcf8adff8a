package io.lockstep.common.bus;

import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.common.util.PlainJson;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Modifier;

/**
 * The event-bus codecs of Lockstep's internal hops. Public addresses carry {@code JsonObject} bodies
 * and need none; internal ones may carry records, one {@link JsonBodyCodec} each.
 *
 * <p>{@link #registerAll} registers the codecs of the types in {@code common} and is called by the
 * launcher and by tests; a service registers the codecs of its own internal types with
 * {@link #register} when it starts (common cannot see them). Registration is idempotent, so every
 * party may register what it needs without coordinating. Every node of a cluster must register the
 * same codecs: a message names its codec, and the receiving node decodes with its own of that name.
 */
public final class Codecs {
  /** {@link Snapshot} as {@code {"doc","v","type","data"}}. */
  public static final JsonBodyCodec<Snapshot> SNAPSHOT =
      new JsonBodyCodec<>("lockstep.Snapshot", Snapshot.class, Codecs::snapshotJson, Codecs::snapshotFrom);

  /** {@link StoredOp} as its op frame ({@link StoredOpCodec}). */
  public static final JsonBodyCodec<StoredOp> STORED_OP =
      new JsonBodyCodec<>("lockstep.StoredOp", StoredOp.class, StoredOpCodec::toFrame, StoredOpCodec::fromFrame);

  private Codecs() {}

  /** Registers the codecs of common's types on {@code vertx}'s event bus; safe to call again. */
  public static void registerAll(Vertx vertx) {
    register(vertx, SNAPSHOT);
    register(vertx, STORED_OP);
  }

  /**
   * Registers {@code codec} on {@code vertx}'s event bus: when its type is a final class (a record)
   * as that class's default codec, so values of the type can be sent without naming the codec, and
   * by name in any case. Does nothing when a codec of that name (or a default for the type) is in
   * place already; safe from any thread.
   */
  public static void register(Vertx vertx, JsonBodyCodec<?> codec) {
    EventBus bus = vertx.eventBus();
    try {
      if (Modifier.isFinal(codec.type().getModifiers())) {
        registerDefault(bus, codec);
      } else {
        bus.registerCodec(codec);
      }
    } catch (IllegalStateException alreadyRegistered) {
      // Vert.x refuses a second codec of one name or a second default of one type: it is in place.
    }
  }

  private static <T> void registerDefault(EventBus bus, JsonBodyCodec<T> codec) {
    // Registers the codec by name as well.
    bus.registerDefaultCodec(codec.type(), codec);
  }

  /** The JSON form of a snapshot, also the body of a {@code lockstep.sync.snapshot} reply. */
  public static JsonObject snapshotJson(Snapshot snapshot) {
    JsonObject json = new JsonObject().put("doc", snapshot.doc()).put("v", snapshot.v())
        .put("type", snapshot.type()).put("data", snapshot.data());
    if (CrdtType.NAME.equals(snapshot.type())) {
      json.put("value", CrdtType.value(snapshot.data(), snapshot.v()));
    }
    return json;
  }

  /**
   * Reads {@link #snapshotJson}; nested data comes back as plain JSON ({@code Map}/{@code List}).
   *
   * @throws IllegalArgumentException when a field is missing or of the wrong type
   */
  public static Snapshot snapshotFrom(JsonObject json) {
    try {
      return new Snapshot(json.getString("doc"), json.getLong("v"), json.getString("type"),
          PlainJson.unwrap(json.getValue("data")));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed snapshot: " + e.getMessage(), e);
    }
  }
}
