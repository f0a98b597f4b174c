package io.tracemate.pipeline.redaction;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The patterns shipped with the redaction processor, in the order they run (on java.util.regex, for the
 * lookarounds that keep digit patterns from starting or ending inside a longer digit run; see
 * {@link RedactionRule.Shipped}): credentials inside larger strings
 * first, then emails (before phone numbers, so a phone-number mailbox goes as one), then the checksummed
 * numbers, then phone numbers. Digit patterns refuse to start or end inside a longer digit run. Each pattern
 * has a cheap pre-check (an '@', enough digits) so most values never reach the regex engine.
 */
public enum ShippedPattern {
  /** scheme://user:password@host: only the password is masked. */
  URL_PASSWORD(
      "url_password",
      "([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:)[^/\\s@]+@",
      mask -> "$1" + mask + "@",
      null,
      s -> s.indexOf('@') > 0 && s.contains("://")),
  /** "Bearer <token>" (Authorization header values): the token is masked, 8+ token characters. */
  BEARER_TOKEN(
      "bearer_token",
      "(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/-]{8,}=*",
      mask -> "$1" + mask,
      null,
      ShippedPattern::mentionsBearer),
  EMAIL(
      "email",
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
      mask -> mask,
      null,
      s -> s.indexOf('@') > 0),
  /** 18-character resident ID numbers, masked only when the MOD 11-2 check character and the date are valid. */
  CN_ID_CARD(
      "cn_id_card",
      "(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
          + "(?![0-9A-Za-z])",
      mask -> mask,
      Checksums::isValidChineseIdNumber,
      s -> digits(s) >= 17),
  /**
   * 13-19 digit card numbers, optionally grouped by spaces or dashes, starting with 2-6 (ISO/IEC 7812 banking
   * and financial issuers, UnionPay 62), masked only when Luhn-valid.
   */
  BANK_CARD(
      "bank_card",
      "(?<![0-9])[2-6](?:[ -]?[0-9]){12,18}(?![0-9])",
      mask -> mask,
      match -> Checksums.isLuhnValid(match.replaceAll("[ -]", "")),
      s -> digits(s) >= 13),
  /** Mainland China mobile numbers 1[3-9]xxxxxxxxx, with an optional +86 / 0086 / 86 prefix. */
  CN_MOBILE(
      "cn_mobile",
      "(?<![0-9])(?:(?:\\+|00)?86[ -]?)?1[3-9][0-9]{9}(?![0-9])",
      mask -> mask,
      null,
      s -> digits(s) >= 11);

  private final String configName;
  private final Pattern pattern;
  private final UnaryOperator<String> replacement;
  private final Predicate<String> validator;
  private final Predicate<String> mayMatch;

  ShippedPattern(
      String configName,
      String regex,
      UnaryOperator<String> replacement,
      Predicate<String> validator,
      Predicate<String> mayMatch) {
    this.configName = configName;
    this.pattern = Pattern.compile(regex);
    this.replacement = replacement;
    this.validator = validator;
    this.mayMatch = mayMatch;
  }

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n++;
      }
    }
    return n;
  }

  private static boolean mentionsBearer(String s) {
    for (int i = 0; i + 6 <= s.length(); i++) {
      char c = s.charAt(i);
      if ((c == 'b' || c == 'B') && s.regionMatches(true, i, "bearer", 0, 6)) {
        return true;
      }
    }
    return false;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(ShippedPattern::configName).toList();
  }

  /** The pattern for a config name, or null. */
  public static ShippedPattern byName(String name) {
    for (ShippedPattern p : values()) {
      if (p.configName.equals(name)) {
        return p;
      }
    }
    return null;
  }

  RedactionRule rule(String mask) {
    return new RedactionRule.Shipped(
        configName,
        pattern,
        replacement.apply(Matcher.quoteReplacement(mask)),
        validator,
        mayMatch);
  }
}
