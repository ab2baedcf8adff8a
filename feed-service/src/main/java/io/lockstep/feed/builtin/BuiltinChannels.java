package io.lockstep.feed.builtin;

import io.lockstep.common.bus.Addresses;
import io.lockstep.common.protocol.Ids;
import io.lockstep.feed.channels.Channels;
import io.lockstep.feed.publish.Publisher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the read-only channels from the event bus: {@code doc:{doc}} from
 * {@code lockstep.sync.committed} ({@code event: op}, data = the op frame) and
 * {@code presence:{room}} from {@code lockstep.presence.changed} ({@code event: presence}, data =
 * {@code {"room","join","leave","update"}}).
 *
 * <p>With Redis the op store writes the {@code doc:} channels itself, in each commit
 * ({@code Engines.opStoreWritesDocFeeds}): appending after the commit would lose the op of a node
 * killed in between. Then only the presence channels are fed from here.
 *
 * <p>Stored once. Where the publishing service runs in this process too (sync for ops, presence for
 * presence changes: the default, every service in every process), the feed listens with a LOCAL
 * consumer: each event is offered by the one node that made it, even with {@code --cluster}, and
 * nothing crosses the cluster for it. A feed-only process with {@code --cluster} listens
 * cluster-wide instead; then several feed nodes may offer the same event, each offer carries a key
 * unique to the event, and the log stores only the first offer of a key within its de-duplication
 * window. An op's key is its document and version (used everywhere: it also absorbs a repeated
 * publish). A presence change has no id of its own, so its key is a digest of its body, used only by
 * cluster-wide listeners; two identical presence bodies of one room within the window are then
 * stored once.
 *
 * <p>Without {@code --cluster}, a node's feed service sees only what services in its own process
 * publish: with Redis and every service in every process, each commit is appended by the node that
 * made it, into the shared log, so the channels are complete. A feed-only process without
 * {@code --cluster} receives nothing, and its built-in channels stay empty.
 */
public final class BuiltinChannels {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltinChannels.class);

  /** Null when the op store writes the {@code doc:} channels. */
  private final MessageConsumer<Object> ops;
  private final MessageConsumer<Object> presence;

  private BuiltinChannels(MessageConsumer<Object> ops, MessageConsumer<Object> presence) {
    this.ops = ops;
    this.presence = presence;
  }

  /**
   * @param servicesHere the services this process runs: a publisher here means its events are
   *     offered by this node alone (see the class comment)
   * @param storeWritesDocFeeds the op store appends to the {@code doc:} channels in its commits
   */
  public static Future<BuiltinChannels> start(Vertx vertx, Publisher publisher, Set<String> servicesHere,
      boolean storeWritesDocFeeds) {
    boolean opsLocal = servicesHere.contains("sync");
    boolean presenceLocal = servicesHere.contains("presence");
    boolean digestPresence = vertx.isClustered() && !presenceLocal;
    MessageConsumer<Object> ops = storeWritesDocFeeds ? null : consumer(vertx, Addresses.SYNC_COMMITTED, opsLocal,
        message -> {
          if (message.body() instanceof JsonObject op && op.getValue("doc") instanceof String doc && Ids.isDoc(doc)
              && op.getValue("v") instanceof Number v) {
            offer(publisher, Channels.forDoc(doc), "op", op, "op:" + doc + ":" + v.longValue());
          }
        });
    MessageConsumer<Object> presence = consumer(vertx, Addresses.PRESENCE_CHANGED, presenceLocal, message -> {
      if (message.body() instanceof JsonObject change && change.getValue("room") instanceof String room
          && Ids.isName(room)) {
        String data = change.encode();
        offer(publisher, Channels.forRoom(room), "presence", change, digestPresence ? "presence:" + sha1(data) : null);
      }
    });
    Future<Void> opsReady = ops == null ? Future.succeededFuture() : ops.completion();
    return Future.all(opsReady, presence.completion()).map(v -> new BuiltinChannels(ops, presence));
  }

  private static MessageConsumer<Object> consumer(Vertx vertx, String address, boolean local,
      Handler<Message<Object>> handler) {
    return local ? vertx.eventBus().localConsumer(address, handler) : vertx.eventBus().consumer(address, handler);
  }

  public Future<Void> close() {
    return Future.join(ops == null ? Future.succeededFuture() : ops.unregister(), presence.unregister()).mapEmpty();
  }

  private static void offer(Publisher publisher, String channel, String type, JsonObject data, String key) {
    publisher.offer(channel, type, data.encode(), key).onFailure(e ->
        LOG.warn("feed channel {}: could not append a {} event ({}); its readers miss it", channel, type, e.toString()));
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
