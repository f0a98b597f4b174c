package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.DeliveryException;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.io.IOException;
import java.util.Set;

/**
 * Chat robots answer 200 even when they refuse a message, with a code in the body ({@code errcode} for WeCom
 * and DingTalk, {@code code} or {@code StatusCode} for Feishu; 0 means sent). This reads it. Stateless.
 */
final class RobotAnswer {
  private RobotAnswer() {}

  /**
   * @param rateLimited codes that mean "too many messages, try later" (retried)
   * @throws DeliveryException when the code is not 0
   */
  static void check(
      String robot, AggregatedHttpResponse response, Set<Integer> rateLimited, String... fields) {
    String body = response.contentUtf8();
    JsonNode answer;
    try {
      answer = NotifyJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new DeliveryException(
          robot + " answered something that is not JSON: " + HttpSender.start(body), true);
    }
    if (answer == null || !answer.isObject()) {
      throw new DeliveryException(robot + " answered " + HttpSender.start(body), true);
    }
    for (String field : fields) {
      JsonNode code = answer.get(field);
      if (code != null && code.canConvertToInt()) {
        int value = code.asInt();
        if (value == 0) {
          return;
        }
        throw new DeliveryException(
            robot + " refused the message: " + HttpSender.start(body), rateLimited.contains(value));
      }
    }
    throw new DeliveryException(
        robot + " answered without a code: " + HttpSender.start(body), true);
  }
}
