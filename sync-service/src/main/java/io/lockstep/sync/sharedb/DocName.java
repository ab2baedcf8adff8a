package io.lockstep.sync.sharedb;

import io.lockstep.common.protocol.Ids;

/**
 * A ShareDB document address, ({@code collection}, {@code id}), and the Lockstep document it is:
 * {@code collection/id}. The collection may not contain a slash, so the split is never ambiguous:
 * the Lockstep id splits back at its first slash.
 */
public record DocName(String collection, String id) {

  /**
   * @throws ShareDbError when either part is missing, the collection holds a slash, or the joined
   *     id is not a valid Lockstep document id (PROTOCOL.md §1)
   */
  public DocName {
    if (collection == null || collection.isEmpty() || collection.indexOf('/') >= 0) {
      throw ShareDbError.badMessage("Invalid collection: a non-empty name without a slash");
    }
    if (id == null || id.isEmpty() || !Ids.isDoc(collection + "/" + id)) {
      throw ShareDbError.badMessage("Invalid id: collection/id must be at most " + Ids.MAX_DOC
          + " characters of [A-Za-z0-9._:/-]");
    }
  }

  /** The Lockstep document id. */
  public String doc() {
    return collection + "/" + id;
  }

  /** The channel ShareDB's client uses for this document's presence ({@code collection.id}). */
  public String presenceChannel() {
    return collection + "." + id;
  }
}
