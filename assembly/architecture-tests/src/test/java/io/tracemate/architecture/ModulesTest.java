package io.tracemate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules must see the same modules in a reactor build and in one resumed with {@code mvn -rf}. */
class ModulesTest {
  @Test
  void aModuleIsKnownByItsFolderInAReactorBuild() {
    assertThat(
            Modules.ofLocation(
                "file:/home/ci/work/main/storage/span-api/target/classes/io/x/A.class"))
        .contains("storage/span-api");
    assertThat(
            Modules.ofLocation(
                "jar:file:/w/main/wire/codec/target/tracemate-codec-0.1.0-SNAPSHOT.jar!/io/x/A.class"))
        .contains("wire/codec");
    assertThat(Modules.ofLocation("file:/w/main/ui/target/classes/io/x/A.class")).contains("ui");
  }

  @Test
  void anInstalledJarIsMappedBackToItsFolderThroughTheCheckoutsPoms() {
    String repository = "jar:file:/root/.m2/repository/io/tracemate/";
    assertThat(
            Modules.ofLocation(
                repository
                    + "tracemate-span-api/0.1.0-SNAPSHOT/tracemate-span-api-0.1.0-SNAPSHOT.jar!/io/x/A.class"))
        .contains("storage/span-api");
    assertThat(
            Modules.ofLocation(
                repository
                    + "tracemate-ui/0.1.0-SNAPSHOT/tracemate-ui-0.1.0-SNAPSHOT.jar!/io/x/A.class"))
        .contains("ui");
  }

  @Test
  void aLibraryIsNoModule() {
    assertThat(
            Modules.ofLocation(
                "jar:file:/root/.m2/repository/com/google/re2j/re2j/1.8/re2j-1.8.jar!/com/google/re2j/RE2.class"))
        .isEmpty();
  }
}
