package com.forjio.plugipay.engine.jooq;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.forjio.plugipay.engine.LineItem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two session fields kept as JSON text: line items ({@code [{"name","quantity","unitAmount"}]})
 * and metadata ({@code {"key":"value"}}). Streaming Jackson, no reflection.
 */
final class JsonColumns {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonColumns() {}

  static String lineItems(List<LineItem> items) {
    if (items.isEmpty()) {
      return "[]";
    }
    StringWriter out = new StringWriter(64 * items.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (LineItem item : items) {
        g.writeStartObject();
        g.writeStringField("name", item.name());
        g.writeNumberField("quantity", item.quantity());
        g.writeNumberField("unitAmount", item.unitAmount());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static List<LineItem> parseLineItems(String json) {
    if ("[]".equals(json)) {
      return List.of();
    }
    List<LineItem> items = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY, json);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String name = null;
        long quantity = 0;
        long unitAmount = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "name" -> name = p.getValueAsString();
            case "quantity" -> quantity = p.getLongValue();
            case "unitAmount" -> unitAmount = p.getLongValue();
            default -> p.skipChildren();
          }
        }
        items.add(new LineItem(name, quantity, unitAmount));
      }
    } catch (IOException e) {
      throw new IllegalStateException("corrupt line_items column: " + json, e);
    }
    return items;
  }

  static String metadata(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return "{}";
    }
    StringWriter out = new StringWriter(32 * metadata.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static Map<String, String> parseMetadata(String json) {
    if ("{}".equals(json)) {
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, json);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        metadata.put(key, p.getValueAsString());
      }
    } catch (IOException e) {
      throw new IllegalStateException("corrupt metadata column: " + json, e);
    }
    return metadata;
  }

  private static void expect(JsonToken actual, JsonToken expected, String json) {
    if (actual != expected) {
      throw new IllegalStateException("corrupt JSON column (expected " + expected + "): " + json);
    }
  }
}
