package io.lockstep.feed.sse;

import io.lockstep.common.engine.feed.FeedId;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The event ids of one stream. A stream of one channel uses the channel's own ids
 * ({@code 1700000000000-42}). A stream of several channels sends one composite id that holds every
 * channel's position, so a single {@code Last-Event-ID} resumes all of them:
 *
 * <pre>m.&lt;crc&gt;.&lt;id of channel 1&gt;_&lt;id of channel 2&gt;_…</pre>
 *
 * <p>Channels are in sorted order; {@code <crc>} is the CRC-32 (8 hex digits) of the sorted channel
 * names joined by newlines, so an id from a stream of other channels is refused rather than
 * misapplied. A channel with no event yet has the position the stream started from ({@code 0-0} for
 * an empty channel). Every character is URL-safe, so the id also works as {@code ?since=}.
 */
public final class StreamCursor {
  private static final String COMPOSITE = "m.";

  private final List<String> channels;
  private final Map<String, FeedId> positions = new HashMap<>();
  private final String checksum;

  /** A cursor over {@code channels}: distinct and sorted. */
  public StreamCursor(List<String> channels) {
    this.channels = List.copyOf(channels);
    CRC32 crc = new CRC32();
    crc.update(String.join("\n", channels).getBytes(StandardCharsets.UTF_8));
    this.checksum = String.format("%08x", crc.getValue());
  }

  public List<String> channels() {
    return channels;
  }

  public boolean composite() {
    return channels.size() > 1;
  }

  /**
   * The per-channel positions in {@code id}, an id this stream's channels were sent before; throws
   * {@code bad_request} naming {@code what} for anything else.
   */
  public Map<String, FeedId> parse(String id, String what) {
    if (!composite()) {
      return Map.of(channels.get(0), FeedId.parse(id, what));
    }
    String prefix = COMPOSITE + checksum + ".";
    if (!id.startsWith(prefix)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, what + " is not an id of a stream of these channels ("
          + String.join(",", channels) + ")");
    }
    String[] parts = id.substring(prefix.length()).split("_", -1);
    if (parts.length != channels.size()) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, what + " holds " + parts.length + " positions for "
          + channels.size() + " channels");
    }
    Map<String, FeedId> parsed = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      parsed.put(channels.get(i), FeedId.parse(parts[i], what));
    }
    return parsed;
  }

  public FeedId position(String channel) {
    return positions.get(channel);
  }

  public void move(String channel, FeedId id) {
    positions.put(channel, id);
  }

  /** The id that resumes every channel from its current position. */
  public String id() {
    if (!composite()) {
      return positions.get(channels.get(0)).toString();
    }
    StringBuilder out = new StringBuilder(COMPOSITE).append(checksum).append('.');
    for (int i = 0; i < channels.size(); i++) {
      out.append(i == 0 ? "" : "_").append(positions.get(channels.get(i)));
    }
    return out.toString();
  }
}
