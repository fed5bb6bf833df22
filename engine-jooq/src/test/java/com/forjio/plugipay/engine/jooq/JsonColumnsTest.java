package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.forjio.plugipay.engine.LineItem;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written JSON of the line-item and metadata columns: read back unchanged by the parser,
 * and character for character what Jackson's generator wrote before it (so rows written by either
 * version read the same).
 */
class JsonColumnsTest {
  private static final JsonFactory JACKSON = new JsonFactory();

  @Property(tries = 500)
  void lineItemsRoundTripAndMatchJackson(@ForAll("lineItems") List<LineItem> items)
      throws IOException {
    String json = JsonColumns.lineItems(items);
    assertThat(JsonColumns.parseLineItems(json)).isEqualTo(items);
    assertThat(json).isEqualTo(jacksonLineItems(items));
  }

  @Property(tries = 500)
  void metadataRoundTripsAndMatchesJackson(@ForAll("metadata") Map<String, String> metadata)
      throws IOException {
    String json = JsonColumns.metadata(metadata);
    assertThat(JsonColumns.parseMetadata(json)).containsExactlyEntriesOf(metadata);
    assertThat(json).isEqualTo(jacksonMetadata(metadata));
  }

  @Example
  void escapesWhatJsonRequiresAndNothingElse() {
    StringBuilder out = new StringBuilder();
    JsonColumns.string(out, "a\"b\\c\u0000\u001f\n\t/\u00fc\u2028\uD83D\uDE00");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\u0000\\u001F\\n\\t/\u00fc\u2028\uD83D\uDE00\"");
    assertThat(JsonColumns.lineItems(List.of(new LineItem(null, 2, -5))))
        .isEqualTo("[{\"name\":null,\"quantity\":2,\"unitAmount\":-5}]");
    assertThat(JsonColumns.parseLineItems("[{\"name\":null,\"quantity\":2,\"unitAmount\":-5}]"))
        .containsExactly(new LineItem(null, 2, -5));
  }

  @Provide
  Arbitrary<List<LineItem>> lineItems() {
    Arbitrary<LineItem> item = Combinators.combine(text().injectNull(0.1),
        Arbitraries.longs(), Arbitraries.longs()).as(LineItem::new);
    return item.list().ofMaxSize(5).map(ArrayList::new);
  }

  @Provide
  Arbitrary<Map<String, String>> metadata() {
    return Arbitraries.maps(text(), text()).ofMaxSize(5).map(LinkedHashMap::new);
  }

  /** Any UTF-16 text, with the characters JSON escapes made common. */
  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().all(),
        Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001f\u007f a\u00fc\u2028")
            .ofMaxLength(12));
  }

  private static String jacksonLineItems(List<LineItem> items) throws IOException {
    if (items.isEmpty()) {
      return "[]";
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JACKSON.createGenerator(out)) {
      g.writeStartArray();
      for (LineItem item : items) {
        g.writeStartObject();
        g.writeStringField("name", item.name());
        g.writeNumberField("quantity", item.quantity());
        g.writeNumberField("unitAmount", item.unitAmount());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString();
  }

  private static String jacksonMetadata(Map<String, String> metadata) throws IOException {
    if (metadata.isEmpty()) {
      return "{}";
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JACKSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    return out.toString();
  }
}
