package io.lockstep.common.config;

/**
 * One setting as a process reads it: its flag ({@code --max-frame-bytes}), environment variable
 * ({@code LOCKSTEP_MAX_FRAME_BYTES}), place in the JSON shape of {@link LockstepConfig#toJson()}
 * ({@code limits.maxFrameBytes}; null for {@code --config}, which names a file rather than a
 * setting), how its raw value is read, and its help.
 */
public record ConfigOption(String flag, String env, String path, Kind kind, String metavar, String help) {

  /** How a raw value is read ({@link OptionValues}). */
  public enum Kind { TEXT, SECRET, PORT, POSITIVE_INT, LIST, SERVICES, KEY_FILE, ALGORITHM, CONFIG_FILE, SWITCH, REDIS_MODE }
}
