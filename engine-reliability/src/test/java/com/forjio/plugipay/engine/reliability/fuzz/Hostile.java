package com.forjio.plugipay.engine.reliability.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Text an attacker or a careless client sends: SQL and HTML metacharacters, quotes, control
 * characters, U+0000, lone surrogates, combining marks and other normalization forms, bidi and
 * zero-width characters, leading and trailing spaces, very long strings, and plain text around them.
 */
public final class Hostile {
  private Hostile() {}

  /** Fixed nasty samples. */
  public static final List<String> SAMPLES = List.of(
      "' OR '1'='1", "'; DROP TABLE plugipay_checkout_session; --", "\" OR \"\"=\"", "%", "_",
      "%_%", "\\", "\\'", "`", "a\u0000b", "\u0000", "\uD800", "x\uDC00y", "\uDBFF\uDFFF",
      "\uD83D\uDE00", "e\u0301", "\u00E9", "\uFB01", "\u212B", "\u202Egnirts", "\u200B", " ",
      "  lead", "trail ", "trail  ", "\t", "\r\n", "\n", "null", "NULL", "undefined",
      "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%00", "\u4E2D\u6587",
      "\uFEFF", "\u0085", "\u2028", "\u00A0", "\uFFFF", "\uFFFE", "cs_", "acct_default",
      "{\"a\":1}", "[]", "a|b|c", "../../etc/passwd", "ＡＢＣ", "İ", "ß", "ǅ");

  /** Hostile or ordinary text, 0 to about 3,000 characters. */
  public static Arbitrary<String> text() {
    Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1)
        .ofMaxLength(20);
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f')
        .ofMinLength(1).ofMaxLength(5);
    Arbitrary<String> sample = Arbitraries.of(SAMPLES);
    Arbitrary<String> mixed = Combinators.combine(plain, sample, plain)
        .as((a, b, c) -> a + b + c);
    Arbitrary<String> suffixed = Combinators.combine(plain, sample).as((a, b) -> a + b);
    // long text made by repetition: cheap to generate (a 3,000-character jqwik string is not)
    Arbitrary<String> longer = Combinators.combine(Arbitraries.of(SAMPLES), plain,
        Arbitraries.integers().between(10, 300)).as((a, b, n) -> (a + b).repeat(n));
    return Arbitraries.frequencyOf(
        Tuple.of(3, plain), Tuple.of(2, any), Tuple.of(1, control), Tuple.of(3, sample),
        Tuple.of(2, mixed), Tuple.of(2, suffixed), Tuple.of(1, longer), Tuple.of(1, Arbitraries.just("")));
  }

  /** Mostly ordinary text (so that most creates get through), sometimes hostile. */
  public static Arbitrary<String> mostlyPlain(String plainPrefix) {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
            .map(s -> plainPrefix + s)),
        Tuple.of(1, text()));
  }
}
