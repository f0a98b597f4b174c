package io.tracemate.codec.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtlpLogLabelsTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "1, null, trace",
        "4, null, trace",
        "5, null, debug",
        "9, null, info",
        "12, INFO, info",
        "13, null, warn",
        "17, null, error",
        "20, null, error",
        "21, null, fatal",
        "24, null, fatal",
        "0, WARNING, warn",
        "0, Err, error",
        "0, CRITICAL, fatal",
        "0, Information, info",
        "0, notice, info",
        "0, Verbose, verbose",
        "0, '  ', null",
        "0, null, null",
        "25, null, null",
        "9, ERROR, info"
      })
  void levelFromSeverity(int number, String text, String expected) {
    assertThat(OtlpLogLabels.level(number, text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "http.request.method, http_request_method",
    "service.instance.id, service_instance_id",
    "already_fine, already_fine",
    "k8s-label/app, k8s_label_app",
    "1st.try, _1st_try",
    "'', _",
    "ünïcode, _n_code"
  })
  void metadataNamesFollowLokiNormalisation(String attribute, String expected) {
    assertThat(OtlpLogLabels.metadataName(attribute)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "service.name, service_name", "service.namespace, service_namespace",
            "k8s.namespace.name, namespace",
        "k8s.pod.name, pod", "k8s.container.name, container", "k8s.deployment.name, deployment",
        "deployment.environment, env", "deployment.environment.name, env", "host.name, host",
        "service.instance.id, null", "k8s.node.name, null"
      })
  void labelTable(String attribute, String label) {
    assertThat(OtlpLogLabels.labelFor(attribute)).isEqualTo(label);
  }
}
