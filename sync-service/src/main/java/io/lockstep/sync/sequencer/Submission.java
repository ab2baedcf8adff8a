package io.lockstep.sync.sequencer;

/**
 * An op as a client submitted it: made against {@code baseV}, identified by ({@code src},{@code seq})
 * for de-duplication ({@code src} may be null over HTTP, and then nothing de-duplicates it).
 *
 * @param opJson the op in wire JSON, not yet parsed
 * @param opBytes its encoded size, used to estimate the document's growth
 */
public record Submission(String doc, long baseV, String src, long seq, Object opJson, int opBytes) {}
