package io.lockstep.common.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Function;

/**
 * An event-bus codec for an immutable value (a record) that travels between nodes as a JSON object.
 * On the wire: a 4-byte length, then the UTF-8 JSON of {@code toJson(value)}; the receiving node
 * rebuilds the value with {@code fromJson}. Within one node the same instance is handed over as it
 * is, which is safe only because the values are immutable (records whose data is never mutated,
 * as the engine types promise).
 *
 * <p>One codec per type, registered on every node by name (and, for a final class, as its default
 * codec) through {@link Codecs}.
 *
 * @param <T> the value type
 */
public final class JsonBodyCodec<T> implements MessageCodec<T, T> {
  private final String name;
  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  /**
   * @param name the codec's name, unique on the event bus (by convention {@code lockstep.<Type>})
   * @param type the value's class
   * @param toJson the value's JSON form; must hold only JSON-encodable values
   * @param fromJson the inverse of {@code toJson}; may throw {@code IllegalArgumentException} for a
   *     malformed object, which fails the delivery
   */
  public JsonBodyCodec(String name, Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.toJson = Objects.requireNonNull(toJson, "toJson");
    this.fromJson = Objects.requireNonNull(fromJson, "fromJson");
  }

  /** The class of the values this codec carries. */
  public Class<T> type() {
    return type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = toJson.apply(value).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
