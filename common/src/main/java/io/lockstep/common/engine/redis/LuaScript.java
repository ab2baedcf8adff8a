package io.lockstep.common.engine.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One Lua script from {@code resources/lua/}, read once and run by its SHA-1 digest: {@code EVALSHA}
 * first, and {@code EVAL} with the full source only when Redis answers {@code NOSCRIPT} (a restarted
 * server, a failover, a cluster node that has not seen it yet); that {@code EVAL} also caches the
 * script, so later calls go back to {@code EVALSHA}. The digest is computed locally, exactly as Redis
 * computes it, so no {@code SCRIPT LOAD} round trip is needed. Immutable and thread-safe.
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1Hex(source);
  }

  /**
   * Reads {@code lua/<name>.lua} from the class path.
   *
   * @throws IllegalStateException when there is no such resource (a packaging bug)
   */
  public static LuaScript load(String name) {
    String path = "lua/" + Objects.requireNonNull(name, "name") + ".lua";
    try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script " + path + " is not on the class path");
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read Lua script " + path, e);
    }
  }

  /** The script's name, e.g. {@code op_commit}. */
  public String name() {
    return name;
  }

  /** The SHA-1 digest of the source, in lower-case hex, as {@code EVALSHA} takes it. */
  public String sha() {
    return sha;
  }

  /**
   * Runs the script with {@code keys} and {@code args}. Arguments may be {@link String},
   * {@link Buffer} (sent as bytes, unchanged) or {@link Number} (an integer, sent in decimal). The future fails
   * like {@link RedisConnections#send} does: with the Redis error for an error reply (a bug in the
   * script), or with the I/O failure.
   */
  public Future<Response> run(RedisConnections redis, List<String> keys, List<?> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(e -> {
      if (isNoScript(e)) {
        return redis.send(request(Command.EVAL, source, keys, args));
      }
      return Future.failedFuture(e);
    });
  }

  /**
   * The script as an {@code EVAL} request with its source: for {@link OrderedRedis}, where a
   * {@code NOSCRIPT} retry would break the order.
   */
  public Request eval(List<String> keys, List<?> args) {
    return request(Command.EVAL, source, keys, args);
  }

  private static Request request(Command command, String script, List<String> keys, List<?> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    for (String key : keys) {
      request.arg(key);
    }
    for (Object arg : args) {
      if (arg instanceof Buffer buffer) {
        request.arg(buffer);
      } else if (arg instanceof String string) {
        request.arg(string);
      } else if (arg instanceof Number number) {
        request.arg(number.longValue());
      } else {
        throw new IllegalArgumentException("a script argument is a String, Buffer or Number, got " + arg);
      }
    }
    return request;
  }

  private static boolean isNoScript(Throwable e) {
    String message = e.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
