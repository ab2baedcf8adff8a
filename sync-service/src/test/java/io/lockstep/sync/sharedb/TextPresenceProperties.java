package io.lockstep.sync.sharedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.lockstep.common.ot.rope.Rope;
import io.lockstep.common.ot.text.TextOp;
import io.lockstep.common.ot.text.TextUnicodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * A caret moved by {@link TextPresence} stays in front of the same character after any edit that
 * keeps that character: right in front of it for an edit of the caret's own author, and otherwise
 * with nothing but newly inserted text between them. 2,000 random texts (astral characters
 * included), edits and carets.
 */
class TextPresenceProperties {
  private static final String[] ALPHABET = {"a", "b", "é", "😀", " "};

  private record Case(String text, List<Object> op, int caret, boolean own) {}

  private static Case randomCase(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    List<Object> op = new ArrayList<>();
    int at = 0;
    while (at < length && op.size() < 6) {
      int n = 1 + random.nextInt(length - at);
      switch (random.nextInt(3)) {
        case 0 -> op.add(n);
        case 1 -> op.add(Map.of("d", n));
        default -> {
          op.add(ALPHABET[random.nextInt(ALPHABET.length)]);
          continue;
        }
      }
      at += n;
    }
    if (op.isEmpty()) {
      op.add("z");
    }
    return new Case(text.toString(), op, random.nextInt(length), random.nextBoolean());
  }

  @Test
  void aMovedCaretStillPointsAtTheSameCharacter() {
    qt().withExamples(2_000).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
      Case c = randomCase(seed);
      TextOp op;
      try {
        op = TextUnicodeType.INSTANCE.parseOp(c.op());
      } catch (RuntimeException notNormalized) {
        return;
      }
      int[] before = c.text().codePoints().toArray();
      if (deleted(c.op(), c.caret())) {
        return;
      }
      String after = TextUnicodeType.INSTANCE.apply(Rope.of(c.text()), op).toString();
      int[] now = after.codePoints().toArray();
      List<Integer> inserted = new ArrayList<>();
      int target = newIndex(c.op(), c.caret(), inserted);
      assertThat(now[target]).as("the test's own mapping, %s", c).isEqualTo(before[c.caret()]);
      long moved = (long) TextPresence.transform(c.caret(), op, c.own());
      if (c.own()) {
        assertThat(moved).as("%s -> %s", c, after).isEqualTo(target);
      } else {
        assertThat(moved).as("%s -> %s", c, after).isBetween(0L, (long) target);
        for (long i = moved; i < target; i++) {
          assertThat(inserted).as("%s -> %s: position %d", c, after, i).contains((int) i);
        }
      }
    });
  }

  /** Where the character at {@code caret} lands; collects the positions of inserted characters. */
  private static int newIndex(List<Object> op, int caret, List<Integer> inserted) {
    int old = 0;
    int now = 0;
    Integer found = null;
    for (Object c : op) {
      if (c instanceof Integer n) {
        if (found == null && caret < old + n) {
          found = now + caret - old;
        }
        old += n;
        now += n;
      } else if (c instanceof String s) {
        for (int i = 0; i < s.codePointCount(0, s.length()); i++) {
          inserted.add(now++);
        }
      } else {
        old += (Integer) ((Map<?, ?>) c).get("d");
      }
    }
    return found != null ? found : now + caret - old;
  }

  /** Whether the op deletes the character at {@code caret} (then no position can keep pointing at it). */
  private static boolean deleted(List<Object> op, int caret) {
    int at = 0;
    for (Object c : op) {
      if (c instanceof Integer n) {
        at += n;
      } else if (c instanceof Map<?, ?> d) {
        int n = (Integer) d.get("d");
        if (caret >= at && caret < at + n) {
          return true;
        }
        at += n;
      }
    }
    return false;
  }
}
