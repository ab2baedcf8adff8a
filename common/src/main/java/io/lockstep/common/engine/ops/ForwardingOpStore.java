package io.lockstep.common.engine.ops;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An op store that passes every call to another, for decorators that change one thing (publish
 * commits elsewhere, force races in tests). Forwarding every method here, including the default
 * ones but {@code commit} (a batch of one, which reaches {@link #commitAll}), means a decorator never
 * silently falls back to a default the wrapped store overrides.
 */
public abstract class ForwardingOpStore implements OpStore {
  protected final OpStore delegate;

  protected ForwardingOpStore(OpStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Future<Snapshot> snapshot(String doc) {
    return delegate.snapshot(doc);
  }

  @Override
  public Future<Long> version(String doc) {
    return delegate.version(doc);
  }

  @Override
  public Future<List<StoredOp>> ops(String doc, long from, long to) {
    return delegate.ops(doc, from, to);
  }

  /** Single commits arrive here too ({@link OpStore#commit} is a batch of one), so wrappers override only this. */
  @Override
  public Future<CommitResult> commitAll(List<StoredOp> ops, Optional<Snapshot> snapshotAfterLast) {
    return delegate.commitAll(ops, snapshotAfterLast);
  }

  @Override
  public Future<Optional<Long>> committedVersion(String doc, String src, long seq) {
    return delegate.committedVersion(doc, src, seq);
  }
}
