package io.lockstep.sync.sharedb;

import java.util.Map;
import java.util.Optional;

/**
 * The OT types ShareDB's client names by name or URI, and the Lockstep type each one is. Snapshots
 * and creations go to ShareDB clients with the URI, as a ShareDB server stores them.
 */
public final class ShareDbTypes {
  /** json0, the default type: ShareDB's handshake announces it and snapshots of it omit {@code type}. */
  public static final String JSON0_URI = "http://sharejs.org/types/JSONv0";
  public static final String TEXT_UNICODE_URI = "http://sharejs.org/types/text-unicode";

  private static final Map<String, String> LOCKSTEP_BY_SHAREDB = Map.of(
      "json0", "json0", JSON0_URI, "json0",
      "text-unicode", "text-unicode", TEXT_UNICODE_URI, "text-unicode");
  private static final Map<String, String> URI_BY_LOCKSTEP = Map.of("json0", JSON0_URI, "text-unicode", TEXT_UNICODE_URI);

  private ShareDbTypes() {}

  /** The Lockstep type for a ShareDB type name or URI, if Lockstep has it. */
  public static Optional<String> lockstepType(String sharedbType) {
    return Optional.ofNullable(sharedbType == null ? null : LOCKSTEP_BY_SHAREDB.get(sharedbType));
  }

  /**
   * Whether a ShareDB client can load a document of this Lockstep type: json0, text-unicode, or
   * none (a document that does not exist). A {@code crdt} document is not one of them.
   */
  public static boolean openable(String lockstepType) {
    return lockstepType == null || URI_BY_LOCKSTEP.containsKey(lockstepType);
  }

  /**
   * Fails with ShareDB's {@code ERR_DOC_TYPE_NOT_RECOGNIZED} (what ShareDB's client raises for a
   * snapshot of an unregistered type) when a ShareDB client cannot load the document.
   */
  static void requireOpenable(String doc, String lockstepType) {
    if (!openable(lockstepType)) {
      throw notOpenable(doc, lockstepType);
    }
  }

  static ShareDbError notOpenable(String doc, String lockstepType) {
    return new ShareDbError(ShareDbError.DOC_TYPE_NOT_RECOGNIZED, doc + " is a " + lockstepType
        + " document, which ShareDB clients cannot load; open it with the Lockstep SDK (/sync)");
  }

  /** The URI a ShareDB client knows a Lockstep type by (the name itself for a type ShareDB has no URI for). */
  public static String uri(String lockstepType) {
    return URI_BY_LOCKSTEP.getOrDefault(lockstepType, lockstepType);
  }
}
