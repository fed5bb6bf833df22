package com.forjio.plugipay.engine.jooq;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.forjio.plugipay.engine.LineItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two session fields kept as JSON text: line items ({@code [{"name","quantity","unitAmount"}]})
 * and metadata ({@code {"key":"value"}}). Written by hand (they are on every create, and a Jackson
 * generator per call cost more than the rest of the row's binding), read with streaming Jackson.
 */
final class JsonColumns {
  private static final JsonFactory JSON = new JsonFactory();
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonColumns() {}

  static String lineItems(List<LineItem> items) {
    if (items.isEmpty()) {
      return "[]";
    }
    StringBuilder out = new StringBuilder(64 * items.size());
    out.append('[');
    for (int i = 0; i < items.size(); i++) {
      LineItem item = items.get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"name\":");
      string(out, item.name());
      out.append(",\"quantity\":").append(item.quantity())
          .append(",\"unitAmount\":").append(item.unitAmount()).append('}');
    }
    return out.append(']').toString();
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
    StringBuilder out = new StringBuilder(32 * metadata.size());
    out.append('{');
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, e.getKey());
      out.append(':');
      string(out, e.getValue());
    }
    return out.append('}').toString();
  }

  /**
   * Appends {@code s} as a JSON string: quotation mark, reverse solidus and the control characters
   * escaped (RFC 8259, section 7), everything else as it is, as Jackson's generator writes it; null
   * as {@code null}.
   */
  static void string(StringBuilder out, @Nullable String s) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int plain = 0; // start of the run of characters not yet appended
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, plain, s.length()).append('"');
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
