package com.forjio.plugipay.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** {@link IdTable} behaves as a {@link HashMap} under any sequence of puts and removes. */
class IdTableTest {

  @Property(tries = 300)
  void agreesWithAHashMap(@ForAll("operations") List<Tuple2<Boolean, String>> ops) {
    IdTable<String> table = new IdTable<>();
    Map<String, String> model = new HashMap<>();
    int n = 0;
    for (Tuple2<Boolean, String> op : ops) {
      String id = op.get2();
      if (op.get1()) {
        String value = id + "#" + n++;
        table.put(id, value);
        model.put(id, value);
      } else {
        table.remove(id);
        model.remove(id);
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (int i = 0; i < 400; i++) {
      String id = "e" + i;
      assertThat(table.get(id)).as(id).isEqualTo(model.get(id));
    }
    int seen = 0;
    for (int p = 0; p < table.capacity(); p++) {
      if (table.valueAt(p) != null) {
        seen++;
      }
    }
    assertThat(seen).isEqualTo(model.size());
  }

  @Provide
  Arbitrary<List<Tuple2<Boolean, String>>> operations() {
    // few distinct ids, so runs of collisions, wrap-around and growth all happen
    Arbitrary<String> ids = Arbitraries.integers().between(0, 399).map(i -> "e" + i);
    return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(true)), Tuple.of(2, Arbitraries.just(false)))
        .flatMap(put -> ids.map(id -> Tuple.of(put, id)))
        .list().ofMaxSize(2_000);
  }
}
