package io.lockstep.common.engine.broker;

/**
 * Broker topic names for document ops. One topic per document carries every op committed to it,
 * as the encoded op frame, in commit order ({@code OpStore.commit} publishes it).
 *
 * <p>The name is {@code ops:{<doc>}}. The braces make the document id a Redis Cluster hash tag, so a
 * sharded-pub/sub channel lands in the same slot as the document's keys. Document ids cannot contain
 * braces (see {@code Ids}), so the tag is always the whole id.
 */
public final class OpTopics {
  private static final String PREFIX = "ops:{";

  private OpTopics() {}

  /** The topic carrying the committed ops of {@code doc}. */
  public static String forDoc(String doc) {
    return PREFIX + doc + "}";
  }
}
