package io.lockstep.common.ot.registry;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.json0.Json0Type;
import io.lockstep.common.ot.text.TextUnicodeType;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of document types by wire name. A package of its own: it sees every type, and the
 * types see only {@code io.lockstep.common.ot}, so the packages form no cycle.
 */
public final class OtTypes {
  private static final Map<String, OtType<?, ?>> BY_NAME =
      Map.of(Json0Type.INSTANCE.name(), Json0Type.INSTANCE, TextUnicodeType.INSTANCE.name(), TextUnicodeType.INSTANCE);

  private OtTypes() {}

  /** The type called {@code name} ({@code "json0"}, {@code "text-unicode"}), if there is one. */
  public static Optional<OtType<?, ?>> byName(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }
}
