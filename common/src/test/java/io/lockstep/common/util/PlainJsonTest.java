package io.lockstep.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

  @Test
  void wrappersBecomeMapsAndListsAtEveryDepth() {
    JsonObject wrapped = new JsonObject()
        .put("a", new JsonArray().add(1).add(new JsonObject().put("b", new JsonArray().add("x"))))
        .put("c", "d");

    Object plain = PlainJson.unwrap(wrapped);

    assertThat(plain).isEqualTo(Map.of("a", List.of(1, Map.of("b", List.of("x"))), "c", "d"));
    assertThat(plain).isInstanceOf(Map.class).isNotInstanceOf(JsonObject.class);
    assertThat(((Map<?, ?>) plain).get("a")).isInstanceOf(List.class);
  }

  @Test
  void plainValuesComeBackAsTheSameInstance() {
    Map<String, Object> map = new LinkedHashMap<>(Map.of("k", new ArrayList<>(List.of(1, 2))));

    assertThat(PlainJson.unwrap(map)).isSameAs(map);
    assertThat(PlainJson.unwrap("s")).isEqualTo("s");
    assertThat(PlainJson.unwrap(null)).isNull();
  }

  @Test
  void wrappersInsidePlainContainersAreReplacedKeepingKeyOrder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("first", 1);
    map.put("second", new JsonArray().add(2));
    map.put("third", 3);

    Object plain = PlainJson.unwrap(map);

    assertThat(plain).isNotSameAs(map);
    assertThat(List.copyOf(((Map<?, ?>) plain).keySet())).isEqualTo(List.of("first", "second", "third"));
    assertThat(plain).isEqualTo(Map.of("first", 1, "second", List.of(2), "third", 3));
    assertThat(PlainJson.unwrap(List.of(1, new JsonObject().put("a", 1)))).isEqualTo(List.of(1, Map.of("a", 1)));
  }

  @Test
  void decodedFramesUnwrapToPlainValues() {
    Object plain = PlainJson.unwrap(new JsonObject("{\"op\":[{\"p\":[\"t\",0],\"si\":\"x\"}]}").getValue("op"));

    assertThat(plain).isEqualTo(List.of(Map.of("p", List.of("t", 0), "si", "x")));
  }
}
