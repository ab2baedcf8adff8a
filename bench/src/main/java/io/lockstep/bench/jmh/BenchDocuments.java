package io.lockstep.bench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic ~10 KB documents for the OT benchmarks: a json0 note with paragraphs, metadata and a
 * comment thread, and a plain text with some astral characters (so code-point counting is paid).
 */
final class BenchDocuments {
  static final int PARAGRAPHS = 28;
  static final int PARAGRAPH_CHARS = 300;

  private BenchDocuments() {}

  /** A json0 document of about 10 KB when written as JSON. */
  static Map<String, Object> note() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "Quarterly planning notes");
    List<Object> body = new ArrayList<>();
    for (int i = 0; i < PARAGRAPHS; i++) {
      body.add(paragraph(i, PARAGRAPH_CHARS));
    }
    doc.put("body", body);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("owner", "ada");
    meta.put("revision", 41);
    meta.put("tags", new ArrayList<>(List.of("planning", "q3", "draft")));
    doc.put("meta", meta);
    List<Object> comments = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("author", "user" + i);
      c.put("text", paragraph(100 + i, 80));
      c.put("likes", i);
      comments.add(c);
    }
    doc.put("comments", comments);
    return doc;
  }

  /** A text-unicode document of about 10 KB. */
  static String text() {
    return textOf(10_000);
  }

  /** Prose of about {@code chars} UTF-16 units, in paragraphs. */
  static String textOf(int chars) {
    StringBuilder sb = new StringBuilder(chars + PARAGRAPH_CHARS);
    for (int i = 0; sb.length() < chars; i++) {
      sb.append(paragraph(i, PARAGRAPH_CHARS)).append('\n');
    }
    return sb.toString();
  }

  /** Deterministic prose with an emoji every so often. */
  static String paragraph(int seed, int length) {
    String[] words = {"lorem", "ipsum", "dolor", "sit", "amet", "café", "naïve", "😀", "consectetur", "adipiscing"};
    StringBuilder sb = new StringBuilder();
    int k = seed;
    while (sb.length() < length) {
      k = k * 1_103_515_245 + 12_345;
      sb.append(words[Math.floorMod(k >>> 16, words.length)]).append(' ');
    }
    return sb.substring(0, length - 1).replaceAll("[\\uD800-\\uDBFF]$", "x");
  }
}
