package io.tracemate.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The dependency directions of the house, checked on the compiled classes of every production module (test code
 * is left out: a test may reach across layers to set up what it checks). Each rule says in its {@code because}
 * which README or design decision it keeps true; a failure lists every offending dependency with its source line.
 *
 * <p>Modules and layers are recognised by where their classes were built ({@link Modules}), so the rules follow the
 * layer folders of the root and their README files, not package names that may move. The few named rules below
 * spell out, in packages, the directions issue 10 asked for; {@link #layersFollowTheirReadmes} checks every
 * folder's "may depend on" at once.
 */
@AnalyzeClasses(packages = "io.tracemate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final DescribedPredicate<JavaClass> HTTP_APIS =
      resideInAPackage("io.tracemate.http..").or(Modules.in("http/*")).as("the HTTP APIs");

  private static final DescribedPredicate<JavaClass> HTTP_SERVERS =
      resideInAnyPackage("com.linecorp.armeria.server..").or(HTTP_APIS).as("an HTTP server or API");

  private static final DescribedPredicate<JavaClass> THE_PIPELINE =
      resideInAnyPackage(
              "io.tracemate.component..",
              "io.tracemate.queue..",
              "io.tracemate.pipeline..",
              "io.tracemate.red..",
              "io.tracemate.spanmetrics..",
              "io.tracemate.servicegraph..")
          .as("the pipeline");

  private static final DescribedPredicate<JavaClass> RECEIVERS =
      resideInAPackage("io.tracemate.receivers..").as("the receivers");

  @ArchTest
  static final ArchRule receiversNeverSeeTheDurableQueueNorStorage =
      noClasses()
          .that(RECEIVERS)
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.tracemate.queue..")
                  .or(Modules.in("storage/*"))
                  .as("the durable queue, a store or a storage SPI"))
          .because(
              "a receiver only hands batches to a BatchConsumer; the durable queue and the stores stay behind it "
                  + "(wire/README.md)");

  @ArchTest
  static final ArchRule storageNeverSeesHttpNorThePipeline =
      noClasses()
          .that(Modules.in("storage/*"))
          .should()
          .dependOnClassesThat(
              HTTP_SERVERS.or(THE_PIPELINE).or(RECEIVERS).as("HTTP, the pipeline or the receivers"))
          .because(
              "stores and their SPIs are used by the pipeline and the APIs, never the other way (storage/README.md)");

  @ArchTest
  static final ArchRule nothingDependsOnTheAssembly =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.tracemate.server..", "io.tracemate.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.tracemate.server..", "io.tracemate.app..")
          .because(
              "the server only assembles the graph; the live data path never climbs back into it "
                  + "(assembly/README.md)");

  @ArchTest
  static final ArchRule codecNeverSeesStorage =
      noClasses()
          .that()
          .resideInAPackage("io.tracemate.codec..")
          .should()
          .dependOnClassesThat(Modules.in("storage/*").as("a storage SPI or store"))
          .because(
              "wire formats map to the span and log models in foundation, whoever stores them (wire/README.md)");

  @ArchTest
  static final ArchRule queryLanguagesNeverSeeHttpNorTheIngestPath =
      noClasses()
          .that(Modules.in("query/*"))
          .should()
          .dependOnClassesThat(
              resideInAPackage("com.linecorp.armeria..")
                  .or(HTTP_APIS)
                  .or(RECEIVERS)
                  .or(THE_PIPELINE)
                  .as("HTTP, the receivers or the pipeline"))
          .because(
              "query languages evaluate over the storage SPIs, whoever serves them (query/README.md)");

  @ArchTest
  static final ArchRule noCyclesBetweenTopPackages =
      slices()
          .matching("io.tracemate.(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "each top package is a module's (or a few modules') territory; a cycle would tie them together");

  @ArchTest
  static final ArchRule everyClassIsInAModuleOfALayerFolder =
      classes()
          .that()
          .resideInAPackage("io.tracemate..")
          .should(comeFromAModuleOfALayerFolder())
          .because(
              "the layer rules recognise modules by their folder; a class outside them would escape every rule");

  /** The "may depend on" of each layer folder's README.md, as far as a dependency rule can say it. */
  @ArchTest
  static final ArchRule layersFollowTheirReadmes =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Foundation")
          .definedBy(Modules.in("foundation/*"))
          .layer("Security")
          .definedBy(Modules.in("security/*"))
          .layer("Codec")
          .definedBy(Modules.in("wire/codec"))
          .layer("Receivers")
          .definedBy(Modules.in("wire/receivers"))
          .layer("Component API")
          .definedBy(Modules.in("pipeline/component"))
          .layer("Connectors")
          .definedBy(
              Modules.in(
                  "pipeline/red-series",
                  "pipeline/span-metrics",
                  "pipeline/service-graph",
                  "pipeline/shared-metrics"))
          .layer("Queue and processors")
          .definedBy(
              Modules.in("pipeline/durable-queue", "pipeline/kafka-queue", "pipeline/processors"))
          .layer("Storage SPIs")
          .definedBy(Modules.in("storage/span-api", "storage/log-api"))
          .layer("Contract suites")
          .definedBy(Modules.in("storage/contract-tests"))
          .layer("Stores")
          .definedBy(
              Modules.in("storage/*")
                  .and(
                      not(
                          Modules.in(
                              "storage/span-api", "storage/log-api", "storage/contract-tests"))))
          .layer("Query")
          .definedBy(Modules.in("query/*"))
          .layer("Alerting")
          .definedBy(Modules.in("alerting/*"))
          .layer("HTTP")
          .definedBy(Modules.in("http/*"))
          .layer("UI")
          .definedBy(Modules.in("ui"))
          .layer("Tools")
          .definedBy(Modules.in("tools/*").and(not(Modules.in("tools/test-support"))))
          .layer("Test support")
          .definedBy(Modules.in("tools/test-support"))
          .layer("Assembly")
          .definedBy(Modules.in("assembly/*"))

          // foundation/README.md: nothing in Tracemate.
          .whereLayer("Foundation")
          .mayNotAccessAnyLayer()
          // security/README.md: foundation only; who may do what knows nothing of signals.
          .whereLayer("Security")
          .mayOnlyAccessLayers("Foundation")
          // wire/README.md: foundation, the component API, the log model; never the durable queue,
          // a store or HTTP.
          .whereLayer("Codec")
          .mayOnlyAccessLayers("Foundation", "Component API")
          .whereLayer("Receivers")
          .mayOnlyAccessLayers("Foundation", "Security", "Component API", "Codec")
          // pipeline/README.md: foundation, wire/codec, the storage SPIs; never HTTP, the query
          // languages or assembly.
          .whereLayer("Component API")
          .mayOnlyAccessLayers("Foundation", "Codec", "Storage SPIs")
          .whereLayer("Connectors")
          .mayOnlyAccessLayers("Foundation", "Codec", "Storage SPIs", "Component API")
          .whereLayer("Queue and processors")
          .mayOnlyAccessLayers("Foundation", "Codec", "Storage SPIs", "Component API")
          // storage/README.md: foundation (and wire/codec for a store's record format); never
          // receivers, the pipeline, HTTP or assembly. The SPIs see only foundation, the contract
          // suites only the SPIs.
          .whereLayer("Storage SPIs")
          .mayOnlyAccessLayers("Foundation")
          // The contract suites are tests shipped as code: they build their data with test-support.
          .whereLayer("Contract suites")
          .mayOnlyAccessLayers("Foundation", "Storage SPIs", "Test support")
          .whereLayer("Stores")
          .mayOnlyAccessLayers("Foundation", "Storage SPIs", "Codec")
          // query/README.md: foundation, the storage SPIs; never HTTP, receivers, the pipeline or
          // assembly.
          .whereLayer("Query")
          .mayOnlyAccessLayers("Foundation", "Storage SPIs")
          // alerting/README.md: foundation, the query languages, the storage SPIs; never receivers,
          // the durable queue, HTTP or assembly.
          .whereLayer("Alerting")
          .mayOnlyAccessLayers("Foundation", "Query", "Storage SPIs")
          // http/README.md: foundation, security, query, the storage SPIs, codec (OTLP/JSON
          // answers), the connectors' query models, alerting (the ruler and alerts APIs); never
          // receivers, the durable queue or assembly.
          .whereLayer("HTTP")
          .mayOnlyAccessLayers(
              "Foundation", "Security", "Query", "Storage SPIs", "Connectors", "Codec", "Alerting")
          // ui/README.md: the Vue app and the service that serves it, nothing of the back end.
          .whereLayer("UI")
          .mayNotAccessAnyLayer()
          // tools/README.md: foundation, wire/codec (test-support: foundation only); nothing in the
          // product depends on them but the command line, and tests (here: the contract suites, and
          // the bench's corpus) on test-support.
          .whereLayer("Tools")
          .mayOnlyAccessLayers("Foundation", "Codec", "Test support")
          .whereLayer("Tools")
          .mayOnlyBeAccessedByLayers("Assembly")
          .whereLayer("Test support")
          .mayOnlyAccessLayers("Foundation")
          .whereLayer("Test support")
          .mayOnlyBeAccessedByLayers("Contract suites", "Tools")
          // assembly/README.md: everything; nothing depends on it.
          .whereLayer("Assembly")
          .mayNotBeAccessedByAnyLayer()
          .because("each layer folder's README.md says what it may depend on");

  private static ArchCondition<JavaClass> comeFromAModuleOfALayerFolder() {
    return new ArchCondition<>(
        "come from a module of a layer folder (" + String.join(", ", Modules.FOLDERS) + ") or ui") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        if (Modules.of(javaClass).isEmpty()) {
          String where =
              javaClass
                  .getSource()
                  .map(source -> source.getUri().toString())
                  .orElse("an unknown place");
          events.add(
              SimpleConditionEvent.violated(
                  javaClass, javaClass.getName() + " was loaded from " + where));
        }
      }
    };
  }
}
