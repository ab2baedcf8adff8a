package io.lockstep.common.ot.rope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * A rope must read exactly like a string edited the same way, whatever the edits, and keep its
 * tree balanced (a B-tree: every leaf at one depth) with exact cached counts. Each example starts from a text of up to ~9,000 UTF-16
 * units (several leaves, mixed Latin-1, other BMP and astral characters) and applies up to 40 random
 * inserts and deletes, some large enough to split and merge many leaves, checking everything
 * against a {@code StringBuilder} after every edit.
 */
class RopeProperties {
  private static final String[] PIECES = {"a", "é", "z", "€", "中", "😀", "👩‍💻", "\n", " ", "ab"};
  /** The same with lone surrogate halves, which json0 strings may hold (its offsets are UTF-16 units). */
  private static final String[] PIECES_AND_HALVES = {"a", "é", "€", "😀", "\uD83D", "\uDE00", "\uDE00x", " ", "ab"};

  /** One edit: where (a fraction of the length, in 1/1000s), whether it inserts, how much. */
  record Edit(int where, boolean insert, int size, int seed) {}

  private static Gen<String> texts(String[] pieces) {
    return integers().between(0, 3_000).zip(integers().all(), (size, seed) -> text(size, seed, pieces));
  }

  private static Gen<Edit> edits() {
    return integers().between(0, 1_000).zip(integers().between(0, 2), integers().between(1, 2_500),
        integers().all(), (where, kind, size, seed) -> new Edit(where, kind != 0, kind == 2 ? size : 1 + size % 5, seed));
  }

  @Test
  void editsAtUtf16IndexesReadLikeAStringAndKeepTheTreeSound() {
    qt().withExamples(150).forAll(texts(PIECES_AND_HALVES), lists().of(edits()).ofSizeBetween(1, 40)).checkAssert((text, edits) -> {
      Rope rope = Rope.of(text);
      StringBuilder model = new StringBuilder(text);
      for (Edit e : edits) {
        int at = (int) ((long) model.length() * e.where() / 1_000);
        if (e.insert()) {
          String piece = text(e.size(), e.seed(), PIECES_AND_HALVES);
          rope = rope.insert(at, piece);
          model.insert(at, piece);
        } else if (at < model.length()) {
          int to = Math.min(model.length(), at + e.size());
          rope = rope.delete(at, to);
          model.delete(at, to);
        }
        assertReadsLike(rope, model.toString(), e.seed());
      }
    });
  }

  @Test
  void editsAtCodePointsFindTheirUtf16Index() {
    qt().withExamples(150).forAll(texts(PIECES), lists().of(edits()).ofSizeBetween(1, 40)).checkAssert((text, edits) -> {
      Rope rope = Rope.of(text);
      String model = text;
      for (Edit e : edits) {
        int codePoints = model.codePointCount(0, model.length());
        int cp = (int) ((long) codePoints * e.where() / 1_000);
        int at = model.offsetByCodePoints(0, cp);
        assertThat(rope.charIndex(cp)).isEqualTo(at);
        // Odd seeds edit by code point in one walk, even ones find the UTF-16 index first: both must agree with the model.
        boolean byCodePoint = (e.seed() & 1) != 0;
        if (e.insert()) {
          String piece = text(e.size(), e.seed());
          rope = byCodePoint ? rope.insertAtCodePoint(cp, piece) : rope.insert(rope.charIndex(cp), piece);
          model = model.substring(0, at) + piece + model.substring(at);
        } else if (cp < codePoints) {
          int toCodePoint = Math.min(codePoints, cp + e.size());
          int to = model.offsetByCodePoints(0, toCodePoint);
          rope = byCodePoint ? rope.deleteCodePoints(cp, toCodePoint) : rope.delete(rope.charIndex(cp), rope.charIndex(toCodePoint));
          model = model.substring(0, at) + model.substring(to);
        }
        assertReadsLike(rope, model, e.seed());
        assertThat(rope.charIndex(rope.codePointCount())).isEqualTo(model.length());
      }
    });
  }

  @Test
  void oldVersionsAreNotChangedByLaterEdits() {
    qt().withExamples(100).forAll(texts(PIECES_AND_HALVES), lists().of(edits()).ofSizeBetween(1, 20)).checkAssert((text, edits) -> {
      Rope first = Rope.of(text);
      Rope rope = first;
      for (Edit e : edits) {
        rope = e.insert() ? rope.insert(rope.length() * e.where() / 1_000, text(e.size(), e.seed()))
            : rope.delete(0, Math.min(rope.length(), e.size()));
      }
      assertThat(first.toString()).isEqualTo(text);
    });
  }

  @Test
  void aPasteOfMoreLeavesThanABranchHoldsKeepsTheTreeSound() {
    // 100 KB is ~400 leaves: more than one branch takes, at the top and in the middle of a tree.
    String paste = text(100_000, 11);
    for (String before : new String[] {"", "ab", text(3_000, 12), text(300_000, 13)}) {
      for (int at : new int[] {0, before.length() / 2, before.length()}) {
        Rope rope = Rope.of(before).insert(at, paste);
        assertReadsLike(rope, before.substring(0, at) + paste + before.substring(at), at);
      }
    }
  }

  @Test
  void keystrokesIntoALargeTextKeepItShallow() {
    Rope rope = Rope.of(text(1_000_000, 7));
    int height = height(rope.root());
    for (int i = 0; i < 20_000; i++) {
      int at = rope.charIndex((int) ((long) rope.codePointCount() * ((i * 7919) % 1000) / 1000));
      rope = i % 3 == 2 ? rope.delete(at, Math.min(rope.length(), at + 1 + (i % 2))) : rope.insert(at, "k");
    }
    // 1 MB in ~4,000 leaves under branches of 4 to 16 children: height 3, and never past 6.
    assertThat(height).isEqualTo(3);
    assertThat(height(rope.root())).isLessThanOrEqualTo(6);
    checkTree(rope.root());
  }

  private static void assertReadsLike(Rope rope, String model, int seed) {
    assertThat(rope.length()).isEqualTo(model.length());
    assertThat(rope.codePointCount()).isEqualTo(model.codePointCount(0, model.length()));
    assertThat(rope.toString()).isEqualTo(model);
    if (!model.isEmpty()) {
      int from = Math.floorMod(seed, model.length());
      int to = from + Math.floorMod(seed >>> 7, model.length() - from + 1);
      assertThat(rope.substring(from, to)).isEqualTo(model.substring(from, to));
      assertThat(rope.charAt(from)).isEqualTo(model.charAt(from));
    }
    checkTree(rope.root());
  }

  /**
   * Every leaf at one depth, branches of 1 to MAX_CHILDREN children, cached counts exact (a branch's
   * copies of its children's lengths too), first and last unit right, leaves non-empty and within
   * the maximum.
   */
  private static void checkTree(RopeNode node) {
    if (node instanceof Branch b) {
      assertThat(b.children.length).as("children").isBetween(1, RopeTree.MAX_CHILDREN);
      for (int i = 0; i < b.children.length; i++) {
        assertThat(b.childChars(i)).as("child's length kept in the branch").isEqualTo(b.children[i].chars);
        assertThat(b.childCodePoints(i)).as("child's code points kept in the branch").isEqualTo(b.children[i].codePoints);
      }
      for (RopeNode child : b.children) {
        checkTree(child);
        assertThat(child.height).as("every leaf at one depth").isEqualTo(b.height - 1);
        assertThat(child.chars).isPositive();
      }
    }
    StringBuilder text = new StringBuilder();
    RopeTree.appendTo(node, 0, node.chars, text);
    assertThat(node.chars).isEqualTo(text.length());
    assertThat(node.codePoints).as("code points").isEqualTo(text.codePointCount(0, text.length()));
    if (text.length() > 0) {
      assertThat(node.first).as("first unit").isEqualTo(text.charAt(0));
      assertThat(node.last).as("last unit").isEqualTo(text.charAt(text.length() - 1));
    }
    if (node instanceof Leaf leaf) {
      assertThat(leaf.chars).isLessThanOrEqualTo(RopeTree.MAX_LEAF);
    }
  }

  private static int height(RopeNode node) {
    return node.height;
  }

  /** About {@code size} UTF-16 units of mixed text, the same for the same seed. */
  static String text(int size, int seed) {
    return text(size, seed, PIECES);
  }

  private static String text(int size, int seed, String[] pieces) {
    StringBuilder out = new StringBuilder(size + 8);
    int k = seed;
    while (out.length() < size) {
      k = k * 1_103_515_245 + 12_345;
      out.append(pieces[Math.floorMod(k >>> 16, pieces.length)]);
    }
    return out.toString();
  }

  /**
   * A surrogate pair whose halves sit in two leaves (json0 edits by UTF-16 unit can make one) counts
   * as one code point, and keeps counting once while either leaf is edited again: a branch patches
   * its counts from the seams around the child it replaces, without reading the other children.
   */
  @Test
  void aSurrogatePairAcrossTwoLeavesCountsOnceThroughLaterEdits() {
    Rope rope = Rope.of("a".repeat(3_000));
    StringBuilder model = new StringBuilder("a".repeat(3_000));
    int boundary = ((Branch) rope.root()).childChars(0);
    String[][] steps = {
        {"insert", String.valueOf(boundary), "\uD83D"},       // the first leaf now ends with a high half
        {"insert", String.valueOf(boundary + 2), "y\uDE00"},  // the second leaf: "a", "y", a low half, ...
        {"delete", String.valueOf(boundary + 1), "2"},         // it now starts with the low half: a pair across the seam
        {"delete", String.valueOf(boundary + 5), "1"},         // edits inside either leaf keep it counted once
        {"insert", String.valueOf(boundary + 7), "z"},
        {"delete", String.valueOf(boundary - 3), "1"},
        {"insert", "0", "b"}};
    for (String[] step : steps) {
      int at = Integer.parseInt(step[1]);
      if (step[0].equals("insert")) {
        rope = rope.insert(at, step[2]);
        model.insert(at, step[2]);
      } else {
        rope = rope.delete(at, at + Integer.parseInt(step[2]));
        model.delete(at, at + Integer.parseInt(step[2]));
      }
      assertReadsLike(rope, model.toString(), 1);
    }
    assertThat(((Branch) rope.root()).children.length).as("the text still spans several leaves").isGreaterThan(1);
  }

  @Test
  void anEmptyRopeTakesInsertsAndReadsEmpty() {
    assertThat(Rope.EMPTY.toString()).isEmpty();
    assertThat(Rope.of("").insert(0, "😀").codePointCount()).isEqualTo(1);
    assertThat(Rope.of("ab").delete(0, 2)).isEqualTo(Rope.EMPTY);
    assertThat(List.of(Rope.of("x").charIndex(1))).containsExactly(1);
  }
}
