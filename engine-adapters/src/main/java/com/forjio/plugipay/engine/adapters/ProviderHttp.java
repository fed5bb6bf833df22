package com.forjio.plugipay.engine.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-over-HTTP plumbing the provider adapters share: one {@link HttpClient}, JSON bodies, and
 * the classification of answers every adapter needs (transport failure, 429 and 5xx are
 * {@code provider_unavailable}, so the resilience policy may retry or open the breaker; 4xx is the
 * adapter's to interpret).
 */
public final class ProviderHttp {
  /** Shared JSON mapper (tree model only: no binding by reflection). */
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final String provider;
  private final Duration requestTimeout;

  /** A client for {@code provider} whose requests time out after {@code requestTimeout}. */
  public ProviderHttp(String provider, Duration requestTimeout) {
    this.provider = provider;
    this.requestTimeout = requestTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(requestTimeout)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** An answer: status and parsed JSON body (an empty object when the body is empty). */
  public record Answer(int status, JsonNode body) {
    /** True for 2xx. */
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  /** Sends {@code method} {@code uri} with a JSON (or form) body and headers; see the class comment. */
  public Answer send(String method, URI uri, @Nullable String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null && !headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
          provider + " could not be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
          "interrupted while calling " + provider, e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
          provider + " answered " + status + ": " + abbreviate(response.body()));
    }
    return new Answer(status, parse(response.body()));
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
          provider + " answered with a body that is not JSON: " + abbreviate(body), e);
    }
  }

  /** The JSON of a callback body, or {@code invalid_payload}. */
  public static JsonNode parseCallback(String provider, byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IOException("not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, null,
          provider + " notification is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** A provider base URL from a builder: http(s), without a trailing slash. */
  public static String checkedBaseUrl(@Nullable String url, String param) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw PlugipayException.invalid(param, "an http(s) base URL is required, was " + url);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A credential from a builder, or a {@code validation_error} naming it when missing or blank. */
  public static String required(@Nullable String value, String param, String what) {
    if (value == null || value.isBlank()) {
      throw PlugipayException.invalid(param, what + " is required");
    }
    return value;
  }

  /** A per-request timeout from a builder: positive. */
  public static Duration checkedTimeout(@Nullable Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw PlugipayException.invalid("requestTimeout", "a positive timeout is required, was " + timeout);
    }
    return timeout;
  }

  /** HTTP Basic credentials. */
  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The first value of a header, matched case-insensitively; null when absent. */
  public static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          && e.getValue() != null && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** Constant-time comparison of two secrets. */
  public static boolean constantTimeEquals(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The text of a JSON field, or null. */
  public static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
