package io.lockstep.sync.ws;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents one connection has open, by id: changed by {@link SubscribeHandler}, read by
 * {@link AckBook} to know whether an ack must wait for the op stream.
 */
final class Subscriptions {
  private final Map<String, DocSubscription> byDoc = new HashMap<>();

  /** The subscription to {@code doc}, or null. */
  DocSubscription get(String doc) {
    return byDoc.get(doc);
  }

  void put(DocSubscription subscription) {
    byDoc.put(subscription.doc, subscription);
  }

  DocSubscription remove(String doc) {
    return byDoc.remove(doc);
  }

  int size() {
    return byDoc.size();
  }

  /** Every subscription, as a copy (safe to change the subscriptions while iterating it). */
  List<DocSubscription> all() {
    return List.copyOf(byDoc.values());
  }

  /** Removes every subscription and returns them. */
  List<DocSubscription> clear() {
    List<DocSubscription> all = List.copyOf(byDoc.values());
    byDoc.clear();
    return all;
  }
}
