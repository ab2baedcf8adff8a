package io.lockstep.sync.sequencer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** One sequencer shard: deployed once per shard so each shard owns an event loop of its own. */
public final class SequencerVerticle extends VerticleBase {
  private final LocalSequencers sequencers;

  public SequencerVerticle(LocalSequencers sequencers) {
    this.sequencers = sequencers;
  }

  @Override
  public Future<?> start() {
    sequencers.addShard(context);
    return Future.succeededFuture();
  }
}
