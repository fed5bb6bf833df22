package com.forjio.plugipay.engine.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PlugipayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of events, as the public Plugipay SDKs parse it:
 * {@code {"id","type","accountId","occurredAt","data":{"object":<session>}}}, the session with the
 * field names of the {@code CheckoutSession} type, times as ISO-8601 strings, enums by their wire
 * names, {@code lineItems} always an array and {@code metadata} an object. Streaming, no reflection.
 */
public final class EventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private EventJson() {}

  /** The event as UTF-8 JSON bytes (the exact body a webhook delivery signs and sends). */
  public static byte[] toJson(Event event) {
    if (!(event instanceof CheckoutSessionEvent e)) {
      throw new IllegalArgumentException("unsupported event " + event);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", e.id());
      g.writeStringField("type", e.type());
      g.writeStringField("accountId", e.accountId());
      g.writeStringField("occurredAt", e.occurredAt().toString());
      g.writeObjectFieldStart("data");
      g.writeFieldName("object");
      writeSession(g, e.session());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  private static void writeSession(JsonGenerator g, CheckoutSession s) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeStringField("accountId", s.accountId());
    nullable(g, "customerId", s.customerId());
    g.writeNumberField("amount", s.amount());
    g.writeStringField("currency", s.currency().wireName());
    g.writeStringField("status", s.status().wireName());
    g.writeArrayFieldStart("methods");
    for (CheckoutMethod m : s.methods()) {
      g.writeString(m.wireName());
    }
    g.writeEndArray();
    nullable(g, "adapter", s.adapter());
    g.writeArrayFieldStart("lineItems");
    for (LineItem item : s.lineItems()) {
      g.writeStartObject();
      g.writeStringField("name", item.name());
      g.writeNumberField("quantity", item.quantity());
      g.writeNumberField("unitAmount", item.unitAmount());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("successUrl", s.successUrl());
    g.writeStringField("cancelUrl", s.cancelUrl());
    g.writeStringField("hostedUrl", s.hostedUrl());
    g.writeStringField("expiresAt", s.expiresAt().toString());
    nullable(g, "completedAt", s.completedAt() == null ? null : s.completedAt().toString());
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, String> m : s.metadata().entrySet()) {
      g.writeStringField(m.getKey(), m.getValue());
    }
    g.writeEndObject();
    g.writeStringField("createdAt", s.createdAt().toString());
    g.writeStringField("updatedAt", s.updatedAt().toString());
    g.writeEndObject();
  }

  private static void nullable(JsonGenerator g, String field, @Nullable String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  /**
   * Reads an event from its JSON.
   *
   * @throws PlugipayException {@code invalid_payload} when the body is not such an event
   */
  public static Event parse(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      Map<String, Object> root = readObject(p, true);
      Object data = root.get("data");
      Object object = data instanceof Map<?, ?> d ? d.get("object") : null;
      if (!(object instanceof Map<?, ?> session)) {
        throw invalid("data.object is missing");
      }
      return new CheckoutSessionEvent(text(root, "id"), text(root, "type"), text(root, "accountId"),
          instant(root, "occurredAt"), session(session));
    } catch (IOException | RuntimeException e) {
      if (e instanceof PlugipayException p) {
        throw p;
      }
      throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, null,
          "the body is not a Plugipay event: " + e.getMessage(), e);
    }
  }

  private static CheckoutSession session(Map<?, ?> m) {
    List<CheckoutMethod> methods = new ArrayList<>();
    for (Object o : list(m, "methods")) {
      methods.add(CheckoutMethod.fromWireName(String.valueOf(o)));
    }
    List<LineItem> items = new ArrayList<>();
    for (Object o : list(m, "lineItems")) {
      Map<?, ?> i = (Map<?, ?>) o;
      items.add(new LineItem((String) i.get("name"), number(i, "quantity"), number(i, "unitAmount")));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    Object md = m.get("metadata");
    if (md instanceof Map<?, ?> mm) {
      mm.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
    }
    return new CheckoutSession(text(m, "id"), text(m, "accountId"), (String) m.get("customerId"),
        number(m, "amount"), Currency.fromWireName(text(m, "currency")),
        CheckoutSessionStatus.fromWireName(text(m, "status")), methods, (String) m.get("adapter"),
        items, text(m, "successUrl"), text(m, "cancelUrl"), text(m, "hostedUrl"),
        instant(m, "expiresAt"), m.get("completedAt") == null ? null : instant(m, "completedAt"),
        metadata, instant(m, "createdAt"), instant(m, "updatedAt"));
  }

  private static Map<String, Object> readObject(JsonParser p, boolean first) throws IOException {
    if (first && p.nextToken() != JsonToken.START_OBJECT) {
      throw invalid("not a JSON object");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      m.put(name, readValue(p, p.nextToken()));
    }
    return m;
  }

  private static @Nullable Object readValue(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> readObject(p, false);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(readValue(p, e));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw invalid("unexpected " + t);
    };
  }

  private static String text(Map<?, ?> m, String field) {
    Object v = m.get(field);
    if (!(v instanceof String s)) {
      throw invalid(field + " is missing or not a string");
    }
    return s;
  }

  private static long number(Map<?, ?> m, String field) {
    Object v = m.get(field);
    if (!(v instanceof Long l)) {
      throw invalid(field + " is missing or not an integer");
    }
    return l;
  }

  private static List<?> list(Map<?, ?> m, String field) {
    Object v = m.get(field);
    return v instanceof List<?> l ? l : List.of();
  }

  private static Instant instant(Map<?, ?> m, String field) {
    try {
      return Instant.parse(text(m, field));
    } catch (DateTimeParseException e) {
      throw invalid(field + " is not an ISO-8601 instant");
    }
  }

  private static PlugipayException invalid(String why) {
    return new PlugipayException(ErrorCode.INVALID_PAYLOAD, null, "the body is not a Plugipay event: " + why);
  }
}
